//! 管控目标 for an item whose catalog point states none: an observable criterion read from the
//! item's stage, its standard and whether its measures test every unit. No number is made up:
//! a limit is named as "the limit of the standard", never as a value.
use crate::model::Item;
use crate::vocab::Stage;

/// The first standard number in `basis` (GB 4706.1-2005, GB/T 5023.1-2008…), if any.
fn first_standard(basis: &str) -> Option<&str> {
    let start = [
        "GB/T ", "GB ", "QB/T ", "JB/T ", "HG/T ", "JG/T ", "JC/T ", "NY/T ", "YY ",
    ]
    .iter()
    .filter_map(|p| basis.find(p))
    .min()?;
    let rest = &basis[start..];
    let prefix = rest.find(' ').map_or(0, |i| i + 1);
    let end = rest[prefix..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/')))
        .map_or(rest.len(), |i| prefix + i);
    let number = rest[..end].trim_end_matches(['.', '-']);
    // A series or a number without its year names no edition: not a target to test against.
    number.contains('-').then_some(number)
}

/// Whether the measures test every unit (每台, 逐件…).
fn every_unit(item: &Item) -> bool {
    const WORDS: &[&str] = &[
        "每台", "逐台", "每只", "逐只", "每件", "逐件", "逐个", "全数",
    ];
    item.measures
        .iter()
        .any(|m| WORDS.iter().any(|w| m.contains(w)))
}

/// The target derived for `item`.
pub fn derive(item: &Item) -> String {
    criterion(item).replace(" ，", "，")
}

fn criterion(item: &Item) -> String {
    let std = first_standard(&item.basis)
        .map(|s| format!(" {s} "))
        .unwrap_or_else(|| "产品标准".to_string());
    match item.stage {
        Stage::Inspection if every_unit(item) => {
            format!("逐台（件）按{std}检验，合格率100%，不合格品不出厂")
        }
        Stage::Inspection => format!("按{std}检验合格，出厂检验合格率100%，不合格品不出厂"),
        Stage::Incoming => format!("进货批次100%查验，符合采购要求和{std}，不合格物料不投产"),
        Stage::Production => {
            format!("关键工序按作业指导书和{std}控制，首件和巡检合格，不合格品隔离不流转")
        }
        Stage::Design => format!("设计验证或型式试验符合{std}，未经验证的设计和变更不投产"),
        Stage::Labelling => format!("标识、说明内容齐全，与{std}和实物一致，无缺项、无虚标"),
        Stage::Storage => "按规定条件贮存运输，标识清楚、分区存放，无混放、无损坏、无超期".into(),
        Stage::Sales | Stage::Recall | Stage::Management => match evidence(&item.check) {
            Some(what) => format!(
                "{}按时执行，{what}齐全、签字完整、可追溯",
                item.frequency_label
            ),
            None => format!(
                "{}按时执行，记录完整可追溯，发现问题按期整改闭环",
                item.frequency_label
            ),
        },
    }
}

/// What an inspector looks at, from a check written as "查阅X" / "抽查X": X up to the first pause,
/// when it names records, documents or a ledger.
fn evidence(check: &str) -> Option<&str> {
    const VERBS: &[&str] = &["查阅", "抽查", "核查", "检查", "查看", "核对", "查"];
    const PAPERS: &[&str] = &[
        "记录", "台账", "文件", "报告", "证书", "纪要", "名录", "程序",
    ];
    let rest = VERBS.iter().find_map(|v| check.strip_prefix(v))?;
    let what = rest.split(['，', '；', '。']).next()?.trim();
    PAPERS.iter().any(|p| what.ends_with(p)).then_some(what)
}

#[cfg(test)]
mod tests {
    use super::first_standard;

    #[test]
    fn the_first_standard_number_of_a_basis() {
        assert_eq!(
            first_standard("GB/T 3956-2008 第5章；GB/T 5023.1-2008"),
            Some("GB/T 3956-2008")
        );
        assert_eq!(
            first_standard("CCC 实施规则；GB 4706.1-2005。"),
            Some("GB 4706.1-2005")
        );
        assert_eq!(
            super::evidence("查阅投诉台账和处理记录"),
            Some("投诉台账和处理记录")
        );
        assert_eq!(super::evidence("现场查看不合格品区"), None);
        assert_eq!(first_standard("市场监管总局令第75号"), None);
        assert_eq!(first_standard("GB/T 5296 系列"), None);
    }

    #[test]
    fn the_evidence_a_check_names() {
        use super::evidence;
        assert_eq!(
            evidence("查阅投诉台账和处理记录"),
            Some("投诉台账和处理记录")
        );
        assert_eq!(evidence("抽查成品及包装标识"), None);
        assert_eq!(evidence("现场查看不合格品区"), None);
    }
}
