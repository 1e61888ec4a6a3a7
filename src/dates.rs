//! Dates as guides write them, read once for every format (the PDF's creation date, the
//! EPUB's publication and modification dates).
//!
//! A front-matter `date` is a calendar date (`2026-11-25`, read as midnight UTC) or an RFC 3339
//! date and time (`2024-01-08T09:30:00+08:00`, also with a space for the `T`, without seconds,
//! with a fraction, or without an offset, which is read as UTC). The time is kept: a guide
//! dated 09:30 in Beijing is dated 01:30 UTC in every output, not midnight.

/// The key under which a `date` that is no date is reported by every stage alike (the front
/// matter at its line, a format that leaves it out), so that it is said once.
pub fn warning_key(date: &str) -> String {
    format!("date:{date}")
}

/// The warning for a `date` that is no date, about `file` as a whole (a JSON document or a
/// book's project file; the front matter says it at the key's line).
pub fn not_a_date(file: &std::path::Path, date: &str) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::file_warning(
        file,
        format!("`date` `{date}` is not a date: the PDF and EPUB dates come from SOURCE_DATE_EPOCH or the file's time"),
    )
    .with_hint("write a date, `2026-11-25`, or a date and time, `2026-11-25T09:30:00+08:00`")
    .with_key(warning_key(date))
}

/// Seconds since the Unix epoch of `date` (see the module documentation), if it is one: a
/// real calendar date in the years 1 to 9999, and a real time of day and offset when they are
/// written. Anything else after the date (`2026-11-25 (draft)`) makes it no date.
pub fn epoch(date: &str) -> Option<i64> {
    let s = date.trim();
    // Every date is ASCII; what follows slices bytes, and a full-width digit (`+０8`) cut
    // in half panicked.
    if !s.is_ascii() {
        return None;
    }
    let (day, rest) = (s.get(..10)?, s.get(10..)?);
    let b = day.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = digits(&day[0..4])?;
    let m: i64 = digits(&day[5..7])?;
    let d: i64 = digits(&day[8..10])?;
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let midnight = days_from_civil(y, m, d) * 86_400;
    if rest.is_empty() {
        return Some(midnight);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(k) => (&rest[..k], Some(&rest[k..])),
        None => (rest, None),
    };
    let mut parts = clock.splitn(3, ':');
    let h: i64 = digits(parts.next()?)?;
    let min: i64 = digits(parts.next()?)?;
    let sec: i64 = match parts.next() {
        // A fraction of a second is read and dropped: dates in outputs are to the second.
        Some(s) => {
            let whole = s.split_once('.').map_or(s, |(w, f)| {
                if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
                    ""
                } else {
                    w
                }
            });
            digits(whole)?
        }
        None => 0,
    };
    if h > 23 || min > 59 || sec > 60 {
        return None;
    }
    let shift = match offset {
        None | Some("Z" | "z") => 0,
        Some(o) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let body = &o[1..];
            let (oh, om) = match body.len() {
                5 if &body[2..3] == ":" => (&body[..2], &body[3..]),
                4 => body.split_at(2),
                2 => (body, "00"),
                _ => return None,
            };
            let (oh, om): (i64, i64) = (digits(oh)?, digits(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(midnight + h * 3600 + min * 60 + sec.min(59) - shift)
}

/// Two or four ASCII digits as a number.
fn digits(s: &str) -> Option<i64> {
    matches!(s.len(), 2 | 4).then_some(())?;
    s.bytes()
        .all(|c| c.is_ascii_digit())
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::epoch;

    /// Expected values from `date -u -d … +%s` (GNU coreutils), an independent clock.
    #[test]
    fn dates_and_times_as_guides_write_them() {
        for (written, seconds) in [
            ("1970-01-01", Some(0)),
            ("2026-11-25", Some(1_795_564_800)),
            ("2024-02-29", Some(1_709_164_800)),
            ("2024-01-08T09:30:00+08:00", Some(1_704_677_400)),
            ("2024-01-08 09:30:00+08:00", Some(1_704_677_400)),
            ("2024-01-08T01:30Z", Some(1_704_677_400)),
            ("2024-01-08T01:30:00.250Z", Some(1_704_677_400)),
            ("2024-01-07T20:30:00-05:00", Some(1_704_677_400)),
            ("2024-01-08T09:30:00+0800", Some(1_704_677_400)),
            ("2026-11-25T10:00", Some(1_795_600_800)),
        ] {
            assert_eq!(epoch(written), seconds, "{written}");
        }
        for bad in [
            "2026-13-01",
            "2023-02-29",
            "2026-04-31",
            "soon",
            "２０２６-01-01",
            "2026-11-25 (draft)",
            "2026-11-25T25:00",
            "2026-11-25T10:00+8",
            "2026-11-25T10:00:00.Z",
            "0000-01-01",
            // Not ASCII, at every place that is sliced.
            "2024-01-08T09:30+０8",
            "2024-01-08T09:30+1é00",
            "2024-01-08T09:30+é:00",
            "2024-01-08T０9:30",
            "2024-01-0８",
            "2é4-01-08",
        ] {
            assert_eq!(epoch(bad), None, "{bad}");
        }
    }
}
