//! Localised labels that renderers print around the content ("步骤 1", "问", "注意", …).

/// Words a renderer adds to the content, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    /// Word before a step number.
    pub step: &'static str,
    /// Marker of a question.
    pub question: &'static str,
    /// Marker of an answer.
    pub answer: &'static str,
    /// Alert labels: note, tip, important, warning, caution.
    pub alerts: [&'static str; 5],
    /// Heading of the list of link targets.
    pub links: &'static str,
    /// Heading of the footnotes.
    pub footnotes: &'static str,
    /// Word for an image (shown with its alt text in text output).
    pub image: &'static str,
    /// Label before the authors.
    pub by: &'static str,
    /// Heading of a table of contents.
    pub contents: &'static str,
    /// Separator after a label ("：" in Chinese, ": " in English).
    pub colon: &'static str,
    /// A ticked task box, in words (for readers that cannot see the tick).
    pub task_done: &'static str,
    /// An unticked task box, in words.
    pub task_open: &'static str,
    /// Page footer of paged output, with `{n}` for the page number and `{total}` for the
    /// page count.
    pub page_footer: &'static str,
}

/// Chinese labels.
pub const ZH: Labels = Labels {
    step: "步骤",
    question: "问",
    answer: "答",
    alerts: ["注意", "提示", "重要", "警告", "小心"],
    links: "链接",
    footnotes: "注释",
    image: "图片",
    by: "作者",
    contents: "目录",
    colon: "：",
    task_done: "已完成",
    task_open: "未完成",
    page_footer: "第 {n} 页 / 共 {total} 页",
};

/// English labels (also the fallback for languages without their own).
pub const EN: Labels = Labels {
    step: "Step",
    question: "Q",
    answer: "A",
    alerts: ["Note", "Tip", "Important", "Warning", "Caution"],
    links: "Links",
    footnotes: "Notes",
    image: "Image",
    by: "By",
    contents: "Contents",
    colon: ": ",
    task_done: "done",
    task_open: "not done",
    page_footer: "Page {n} of {total}",
};

impl Labels {
    /// Labels for a BCP 47 language tag: Chinese for `zh*`, English otherwise.
    pub fn for_lang(lang: &str) -> &'static Labels {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary == "zh" { &ZH } else { &EN }
    }

    /// The page footer for page `n` of `total` ("第 2 页 / 共 5 页", "Page 2 of 5").
    pub fn footer(&self, n: usize, total: usize) -> String {
        self.page_footer
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }

    /// The label of an alert kind.
    pub fn alert(&self, kind: crate::model::AlertKind) -> &'static str {
        use crate::model::AlertKind::*;
        self.alerts[match kind {
            Note => 0,
            Tip => 1,
            Important => 2,
            Warning => 3,
            Caution => 4,
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_by_primary_subtag() {
        assert_eq!(Labels::for_lang("zh-CN").step, "步骤");
        assert_eq!(Labels::for_lang("ZH_Hant").step, "步骤");
        assert_eq!(Labels::for_lang("en-GB").step, "Step");
        assert_eq!(Labels::for_lang("fr").step, "Step");
    }

    #[test]
    fn page_footers() {
        assert_eq!(ZH.footer(2, 5), "第 2 页 / 共 5 页");
        assert_eq!(EN.footer(2, 5), "Page 2 of 5");
    }
}
