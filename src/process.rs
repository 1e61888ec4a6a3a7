//! Running a helper program (an external renderer or a filter) safely: its input is written
//! and its output read on separate threads (a program that writes before it has read all its
//! input cannot dead-lock us), it is killed after a time limit, and its output is capped.
//!
//! Nothing here knows what the program is for; [`crate::render::external`] and the filters
//! give the errors their meaning.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The most a helper program may write to standard output (a runaway program must not fill
/// memory): 1 GiB.
pub const MAX_OUTPUT: u64 = 1 << 30;
/// How much of a program's standard error is kept for messages (the rest is read and
/// dropped).
const MAX_STDERR: u64 = 64 * 1024;

/// What a finished program produced.
#[derive(Debug)]
pub struct Finished {
    /// Its standard output.
    pub stdout: Vec<u8>,
    /// The start of its standard error, as text, cut at a whole line.
    pub stderr: String,
    /// How many bytes of its standard error were left out (after the first 64 KiB).
    pub stderr_dropped: u64,
}

/// Why a program did not finish well.
#[derive(Debug)]
pub enum Failure {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It exited with a non-zero status (or was killed by a signal: `code` is `None`).
    Exit {
        /// The exit code, if it exited.
        code: Option<i32>,
        /// The start of its standard error.
        stderr: String,
    },
    /// It ran longer than allowed and was killed.
    Timeout(Duration),
    /// It wrote more than [`MAX_OUTPUT`] bytes.
    TooMuchOutput,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Spawn(e) => write!(f, "could not be started: {e}"),
            Failure::Exit { code, stderr } => {
                match code {
                    Some(c) => write!(f, "exited with status {c}")?,
                    None => write!(f, "was killed by a signal (it crashed)")?,
                }
                let stderr = stderr.trim();
                if !stderr.is_empty() {
                    write!(f, "; it said:\n{stderr}")?;
                }
                Ok(())
            }
            Failure::Timeout(t) => write!(
                f,
                "did not finish within {} s and was stopped",
                t.as_secs_f32()
            ),
            Failure::TooMuchOutput => {
                write!(f, "wrote more than {MAX_OUTPUT} bytes and was stopped")
            }
        }
    }
}

/// Runs `program` with `args` and `env`, feeds it `input`, and waits at most `timeout`.
pub fn run(
    program: &Path,
    args: &[&str],
    env: &[(&str, String)],
    input: &[u8],
    timeout: Duration,
) -> Result<Finished, Failure> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Its own process group, so that a timeout stops what it started too (a shell script's
    // `sleep` would otherwise keep the output pipe open).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(Failure::Spawn)?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    std::thread::scope(|scope| {
        // A program that exits without reading its input closes the pipe: that is its choice,
        // not an error of ours.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let out = scope.spawn(move || {
            let mut buf = Vec::new();
            // A read error ends the output where it stopped; the exit status says the rest.
            let _ = stdout.take(MAX_OUTPUT + 1).read_to_end(&mut buf);
            buf
        });
        let err = scope.spawn(move || {
            let mut stderr = stderr;
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(MAX_STDERR).read_to_end(&mut buf);
            // The rest is read and dropped, not left unread: a program whose standard error
            // pipe is closed fails on its next message, and a chatty but working program
            // must not be made to fail by us.
            let mut rest = std::io::copy(&mut stderr, &mut std::io::sink()).unwrap_or(0);
            let mut text = String::from_utf8_lossy(&buf).into_owned();
            if rest > 0 {
                // Cut at the last whole line kept; the caller says how much more there was.
                if let Some(end) = text.rfind('\n') {
                    rest += (text.len() - end - 1) as u64;
                    text.truncate(end + 1);
                }
            }
            (text, rest)
        });
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if start.elapsed() >= timeout => {
                    kill_group(&mut child);
                    let _ = child.wait();
                    break Err(Failure::Timeout(timeout));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => break Err(Failure::Spawn(e)),
            }
        };
        // The pipes close when the program (and anything it started that kept them) ends.
        let stdout = out.join().unwrap_or_default();
        let (mut stderr, stderr_dropped) = err.join().unwrap_or_default();
        let status = status?;
        if stdout.len() as u64 > MAX_OUTPUT {
            return Err(Failure::TooMuchOutput);
        }
        if !status.success() {
            if stderr_dropped > 0 {
                stderr.push_str(&format!(
                    "[{stderr_dropped} more bytes of standard error not shown]\n"
                ));
            }
            return Err(Failure::Exit {
                code: status.code(),
                stderr,
            });
        }
        Ok(Finished {
            stdout,
            stderr,
            stderr_dropped,
        })
    })
}

/// Kills a program and, on Unix, its whole process group.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: `kill` has no memory effects; a negative pid names the process group that
        // `process_group(0)` gave the child.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A program that writes much more to standard error than is kept still runs to its end
    /// and succeeds; the message keeps whole lines and says how much was left out. Before,
    /// the pipe was left unread after 64 KiB and the program died on its next write.
    #[test]
    fn much_standard_error_does_not_make_a_program_fail() {
        let script = "i=0; while [ $i -lt 3000 ]; do \
            echo \"line $i of a chatty but working program\" >&2 || exit 3; i=$((i+1)); done; \
            echo finished";
        let done = run(
            Path::new("/bin/sh"),
            &["-c", script],
            &[],
            b"",
            Duration::from_secs(60),
        )
        .expect("the program succeeds");
        assert_eq!(done.stdout, b"finished\n");
        assert!(
            done.stderr.starts_with("line 0 of"),
            "{}",
            &done.stderr[..40]
        );
        let kept = done.stderr.lines().last().unwrap();
        assert!(
            kept.ends_with("of a chatty but working program"),
            "cut mid-line: {kept}"
        );
        // Every byte is either kept or counted.
        let written: u64 = (0..3000)
            .map(|i| format!("line {i} of a chatty but working program\n").len() as u64)
            .sum();
        assert_eq!(done.stderr.len() as u64 + done.stderr_dropped, written);
    }
}
