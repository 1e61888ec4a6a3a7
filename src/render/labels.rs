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

/// Chinese labels in Traditional characters (Taiwan, Hong Kong, Macau, `zh-Hant`).
pub const ZH_HANT: Labels = Labels {
    step: "步驟",
    question: "問",
    answer: "答",
    alerts: ["注意", "提示", "重要", "警告", "小心"],
    links: "連結",
    footnotes: "註釋",
    image: "圖片",
    by: "作者",
    contents: "目錄",
    colon: "：",
    task_done: "已完成",
    task_open: "未完成",
    page_footer: "第 {n} 頁 / 共 {total} 頁",
};

/// Japanese labels.
pub const JA: Labels = Labels {
    step: "ステップ",
    question: "Q",
    answer: "A",
    alerts: ["注記", "ヒント", "重要", "警告", "注意"],
    links: "リンク",
    footnotes: "脚注",
    image: "画像",
    by: "著者",
    contents: "目次",
    colon: "：",
    task_done: "完了",
    task_open: "未完了",
    page_footer: "{n} / {total} ページ",
};

/// Korean labels.
pub const KO: Labels = Labels {
    step: "단계",
    question: "Q",
    answer: "A",
    alerts: ["참고", "팁", "중요", "경고", "주의"],
    links: "링크",
    footnotes: "각주",
    image: "이미지",
    by: "저자",
    contents: "목차",
    colon: ": ",
    task_done: "완료",
    task_open: "미완료",
    page_footer: "{n} / {total}쪽",
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
    /// Labels for a BCP 47 language tag: Chinese for `zh*` (in Traditional characters when
    /// the tag asks for them, see [`crate::langtag::cjk_writing`]), Japanese for `ja`, Korean
    /// for `ko`, English otherwise.
    pub fn for_lang(lang: &str) -> &'static Labels {
        use crate::langtag::CjkWriting::*;
        match crate::langtag::cjk_writing(lang) {
            Some(Hans) => &ZH,
            Some(Hant | HantHk) => &ZH_HANT,
            Some(Ja) => &JA,
            Some(Ko) => &KO,
            None => &EN,
        }
    }

    /// What stands for an image that is not shown: `[图片：alt]`, or `[图片]` without alt
    /// text (not `[图片：]`, with a colon that leads nowhere), alike in every format.
    pub fn image_stand_in(&self, alt: &str) -> String {
        let alt = alt.trim();
        if alt.is_empty() {
            format!("[{}]", self.image)
        } else {
            format!("[{}{}{alt}]", self.image, self.colon)
        }
    }

    /// The page footer for page `n` of `total` ("第 2 页 / 共 5 页", "Page 2 of 5").
    pub fn footer(&self, n: usize, total: usize) -> String {
        self.page_footer
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }

    /// An alert's heading: its kind's label, then the author's title when it has one
    /// (`Warning: Hot surface`), so that the kind is said in words in every format, not by
    /// colour alone. A title that already starts with the label is used as it is.
    pub fn alert_heading(&self, kind: crate::model::AlertKind, title: Option<&str>) -> String {
        let label = self.alert(kind);
        match title.map(str::trim).filter(|t| !t.is_empty()) {
            None => label.to_owned(),
            Some(t) if t.to_lowercase().starts_with(&label.to_lowercase()) => t.to_owned(),
            Some(t) => format!("{label}{}{t}", self.colon),
        }
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
    fn an_alert_heading_names_its_kind() {
        use crate::model::AlertKind::*;
        let en = Labels::for_lang("en");
        let zh = Labels::for_lang("zh-CN");
        assert_eq!(
            en.alert_heading(Warning, Some("Hot surface")),
            "Warning: Hot surface"
        );
        assert_eq!(en.alert_heading(Tip, Some("  ")), "Tip");
        assert_eq!(en.alert_heading(Note, None), "Note");
        assert_eq!(
            en.alert_heading(Warning, Some("warning: hot")),
            "warning: hot"
        );
        assert_eq!(zh.alert_heading(Caution, Some("高温")), "小心：高温");
    }

    #[test]
    fn picks_by_primary_subtag() {
        assert_eq!(Labels::for_lang("zh-CN").step, "步骤");
        assert_eq!(Labels::for_lang("zh").step, "步骤");
        assert_eq!(Labels::for_lang("zh-SG").step, "步骤");
        assert_eq!(Labels::for_lang("zh-Hans-HK").step, "步骤");
        // Traditional characters where the tag asks for them, by script or by region.
        assert_eq!(Labels::for_lang("ZH_Hant").step, "步驟");
        assert_eq!(Labels::for_lang("zh-TW").question, "問");
        assert_eq!(Labels::for_lang("zh-HK").contents, "目錄");
        assert_eq!(
            Labels::for_lang("zh-Hant-MO").page_footer,
            "第 {n} 頁 / 共 {total} 頁"
        );
        assert_eq!(Labels::for_lang("ja-JP").contents, "目次");
        assert_eq!(Labels::for_lang("ko").contents, "목차");
        assert_eq!(Labels::for_lang("en-GB").step, "Step");
        assert_eq!(Labels::for_lang("fr").step, "Step");
    }

    #[test]
    fn page_footers() {
        assert_eq!(ZH.footer(2, 5), "第 2 页 / 共 5 页");
        assert_eq!(EN.footer(2, 5), "Page 2 of 5");
    }
}
