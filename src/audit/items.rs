//! The rows of an audit: the Order 75 system items first (appointments, training, the checklist
//! itself, the daily / weekly / monthly records, licence and CCC validity per product line), then
//! one row per checklist item. Each row says how to check it (检查方法) and what evidence to ask for
//! (证据要求), derived from the item's check text, stage and frequency.
//!
//! A company-wide checklist point that a system item audits already (the staffing point and the
//! appointment item, the daily-control point and the daily records…) is folded into that system
//! item: its row carries the point's 序号 and measures, so nothing is asked twice.
use serde::Serialize;

use crate::model::{CertView, Checklist, Item, LineView};
use crate::vocab::{CertKind, Frequency, Owner, Role, Stage};

/// The stage label of the system items.
pub const SYSTEM_STAGE: &str = "体系要求";
/// The key prefix of the system items' ids.
const SYSTEM: &str = "system";
/// Order 75 as documents cite it (article numbers only where verified: 第三条).
const ORDER: &str = "市场监管总局令第75号";
/// Days to correct a nonconformity of a high-risk item, and of any other item.
pub const HIGH_RISK_DAYS: i64 = 30;
pub const OTHER_DAYS: i64 = 60;

/// How deadlines are set, as the documents state it.
pub fn deadline_rule() -> String {
    format!(
        "整改期限自审核日起算：高风险项（产品线在目录中的监管等级为“高”，以及生产许可证、CCC证书有效性）{HIGH_RISK_DAYS}日，其他项{OTHER_DAYS}日"
    )
}

/// One row of the audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditItem {
    /// The id the workbook carries for re-import: `system/<key>` or `<group>/<item id>`.
    pub key: String,
    /// 序号: the checklist's own number (system items: 体系-1…).
    pub no: String,
    /// The checklist number of the company-wide point folded into a system item.
    pub folded: Option<usize>,
    /// 产品线: 全厂通用 or the line's name.
    pub line: String,
    pub stage: String,
    pub point: String,
    pub measures: Vec<String>,
    pub frequency: String,
    pub owner: String,
    /// The people who hold the owner role, where the profile names them.
    pub responsible: String,
    /// 检查方法.
    pub method: String,
    /// 证据要求.
    pub evidence: String,
    pub basis: String,
    /// A high-risk item: its line is rated 高 in the catalog, or it is a licence or CCC item.
    pub high_risk: bool,
    pub system: bool,
}

impl AuditItem {
    /// 序号 as the workbook prints it, with the folded checklist number under it.
    pub fn number(&self) -> String {
        match self.folded {
            Some(n) => format!("{}\n（清单第{n}项）", self.no),
            None => self.no.clone(),
        }
    }

    /// Days allowed to correct a nonconformity of this item.
    pub fn deadline_days(&self) -> i64 {
        if self.high_risk {
            HIGH_RISK_DAYS
        } else {
            OTHER_DAYS
        }
    }
}

/// A system item of Order 75 and the company-wide checklist point it absorbs.
struct SystemSpec {
    key: &'static str,
    point: &'static str,
    /// The general checklist point this item audits, folded into it.
    covers: &'static str,
    owner: Owner,
    frequency: &'static str,
    measures: &'static [&'static str],
    method: &'static str,
    evidence: &'static str,
    article: &'static str,
}

const SYSTEM_ITEMS: &[SystemSpec] = &[
    SystemSpec {
        key: "appointment",
        point: "质量安全总监、质量安全员的任命与职责",
        covers: "general-staffing",
        owner: Owner::Principal,
        frequency: "人员变动时",
        measures: &["以书面文件任命质量安全总监和质量安全员，明确职责、权限和覆盖的产品线"],
        method: "查阅任命文件和岗位职责，核对任命人员与本检查表所列人员一致；询问质量安全总监、质量安全员对本岗位职责的了解",
        evidence: "加盖公章的任命文件（签发日期）、岗位职责说明、人员能力或资格证明",
        article: " 第三条",
    },
    SystemSpec {
        key: "training",
        point: "质量安全总监、质量安全员的培训与考核",
        covers: "general-training",
        owner: Owner::Director,
        frequency: "每年",
        measures: &[
            "制定年度培训计划，质量安全总监、质量安全员每年接受法律法规和专业知识培训并考核",
        ],
        method: "查阅年度培训计划和实施记录，抽问一名质量安全员本岗位的风险点和管控措施",
        evidence: "近一年培训计划、签到表、课件或教材、考核试卷或成绩记录",
        article: "",
    },
    SystemSpec {
        key: "checklist",
        point: "风险管控清单在用、经签署并保持现行",
        covers: "general-checklist-review",
        owner: Owner::Director,
        frequency: "每年及变化时",
        measures: &["产品、工艺、原材料、标准或法规变化时评审并更新风险管控清单，经主要负责人批准"],
        method: "核对企业在用清单与本检查表依据的清单是否一致（产品线、风险点、标准版本），查看编制、批准签字及最近一次评审记录",
        evidence: "经主要负责人批准签字的现行清单；最近一次评审记录；产品、工艺或标准变化后的更新记录",
        article: "",
    },
    SystemSpec {
        key: "daily",
        point: "日管控：每日检查记录齐全并签字",
        covers: "general-daily-control",
        owner: Owner::Officer,
        frequency: "每日",
        measures: &[
            "质量安全员每日对照清单检查并填写《每日工业产品质量安全检查记录》，无问题时如实记录",
        ],
        method: "抽查每名质量安全员近一个月的每日检查记录，核对日期连续、签字齐全、内容与清单一致，识别事后补记或逐日雷同的记录",
        evidence: "近一个月每日工业产品质量安全检查记录（每名质量安全员不少于5个工作日）",
        article: "",
    },
    SystemSpec {
        key: "weekly",
        point: "周排查：每周排查治理报告齐全并签字",
        covers: "general-weekly-investigation",
        owner: Owner::Director,
        frequency: "每周",
        measures: &[
            "质量安全总监每周至少组织一次风险隐患排查，形成《每周工业产品质量安全排查治理报告》",
        ],
        method: "查阅近一个月的周报告，核对是否分析了日管控发现的问题、上周问题是否核实整改",
        evidence: "近一个月每周工业产品质量安全排查治理报告（4份）及整改闭环记录，质量安全总监签字",
        article: "",
    },
    SystemSpec {
        key: "monthly",
        point: "月调度：每月调度会议纪要齐全并签字",
        covers: "general-monthly-scheduling",
        owner: Owner::Principal,
        frequency: "每月",
        measures: &[
            "主要负责人每月至少听取一次质量安全总监工作汇报，形成《每月工业产品质量安全调度会议纪要》并签字",
        ],
        method: "查阅近三个月的调度会议纪要，核对参会签到、主要负责人签字及上月决定事项的落实情况",
        evidence: "近三个月每月工业产品质量安全调度会议纪要、签到表",
        article: "",
    },
];

/// Every row of the audit of `checklist`, system items first.
pub fn audit_items(checklist: &Checklist) -> Vec<AuditItem> {
    let company: Vec<&Item> = checklist
        .groups
        .iter()
        .filter(|g| g.id == "company")
        .flat_map(|g| &g.items)
        .collect();
    let mut rows: Vec<AuditItem> = Vec::new();
    let mut folded: Vec<&str> = Vec::new();
    for spec in SYSTEM_ITEMS {
        let covered = company.iter().find(|i| i.id == spec.covers);
        let n = rows.len() + 1;
        let measures = match covered {
            Some(item) => {
                folded.push(spec.covers);
                item.measures.clone()
            }
            None => spec.measures.iter().map(|m| m.to_string()).collect(),
        };
        rows.push(AuditItem {
            key: format!("{SYSTEM}/{}", spec.key),
            no: format!("体系-{n}"),
            folded: covered.map(|i| i.no),
            line: "全厂通用".into(),
            stage: SYSTEM_STAGE.into(),
            point: spec.point.into(),
            measures,
            frequency: spec.frequency.into(),
            owner: spec.owner.label().into(),
            responsible: responsible(checklist, spec.owner),
            method: spec.method.into(),
            evidence: spec.evidence.into(),
            basis: format!("{ORDER}{}", spec.article),
            high_risk: false,
            system: true,
        });
    }
    // A producer holds its own licence and CCC certificates (a seller checks its suppliers').
    let producer = checklist.company.role.includes(Role::Producer);
    for line in checklist.lines.iter().filter(|_| producer) {
        for cert in certificates(line) {
            let n = rows.len() + 1;
            rows.push(certificate_row(checklist, line, cert, n));
        }
    }
    for group in &checklist.groups {
        let level = checklist
            .lines
            .iter()
            .find(|l| l.id == group.id)
            .and_then(|l| l.product.as_ref())
            .map(|p| p.level.as_str());
        for item in &group.items {
            if group.id == "company" && folded.contains(&item.id.as_str()) {
                continue;
            }
            rows.push(checklist_row(&group.id, item, level == Some("高")));
        }
    }
    rows
}

/// The names of the people who hold `owner`, where the profile names them.
fn responsible(checklist: &Checklist, owner: Owner) -> String {
    let people = &checklist.people;
    match owner {
        Owner::Principal => people.principal.name.clone(),
        Owner::Director => people.director.name.clone(),
        Owner::Officer => people
            .officers
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        _ => String::new(),
    }
}

/// The certificates a line must hold or holds: (kind, the record in the profile if any).
fn certificates(line: &LineView) -> Vec<(CertKind, Option<&CertView>)> {
    let (needs_licence, needs_ccc) = line
        .product
        .as_ref()
        .map_or((false, false), |p| (p.licence, p.ccc));
    let mut out = Vec::new();
    if needs_licence || line.licence.is_some() {
        out.push((CertKind::Licence, line.licence.as_ref()));
    }
    if needs_ccc || line.ccc.is_some() {
        out.push((CertKind::Ccc, line.ccc.as_ref()));
    }
    out
}

/// The validity row of one licence or CCC certificate of one line.
fn certificate_row(
    checklist: &Checklist,
    line: &LineView,
    (kind, cert): (CertKind, Option<&CertView>),
    n: usize,
) -> AuditItem {
    let product = line
        .product
        .as_ref()
        .map_or_else(|| line.name.clone(), |p| p.name.clone());
    let record = match cert {
        Some(c) => {
            let left = if c.days_left >= 0 {
                format!("距审核日{}天", c.days_left)
            } else {
                format!("已过期{}天", -c.days_left)
            };
            format!(
                "档案记载：编号 {}，有效期至 {}（{left}，{}）",
                c.number,
                chinese_date(c.expires),
                c.state_label
            )
        }
        None => "档案未登记证书编号和有效期，现场核实".to_string(),
    };
    let (rule, scope, basis) = match kind {
        CertKind::Licence => (
            "有效期届满6个月前提出延续申请",
            "许可范围覆盖",
            format!("{ORDER}；《工业产品生产许可证管理条例》第二十五条"),
        ),
        CertKind::Ccc => (
            "到期前90日内申请延续",
            "证书覆盖的型号规格包含",
            format!("{ORDER}；《强制性产品认证管理规定》"),
        ),
    };
    AuditItem {
        key: format!("{SYSTEM}/{}/{}", cert_key(kind), line.id),
        no: format!("体系-{n}"),
        folded: None,
        line: line.name.clone(),
        stage: SYSTEM_STAGE.into(),
        point: format!("{}有效性", kind.label()),
        measures: vec![
            format!("保持{}有效，{rule}", kind.label()),
            format!("{scope}在产的{product}"),
        ],
        frequency: "每月核对".into(),
        owner: Owner::Director.label().into(),
        responsible: checklist.people.director.name.clone(),
        method: format!("核对证书原件或官方系统查询结果：{record}；核对{scope}{product}及在产型号"),
        evidence: format!("{}原件或复印件、官方系统查询截图", kind.label()),
        basis,
        high_risk: true,
        system: true,
    }
}

fn cert_key(kind: CertKind) -> &'static str {
    match kind {
        CertKind::Licence => "licence",
        CertKind::Ccc => "ccc",
    }
}

/// The row of one checklist item.
fn checklist_row(group: &str, item: &Item, high_risk: bool) -> AuditItem {
    AuditItem {
        key: format!("{group}/{}", item.id),
        no: item.no.to_string(),
        folded: None,
        line: item.scope.clone(),
        stage: item.stage_label.clone(),
        point: item.point.clone(),
        measures: item.measures.clone(),
        frequency: item.frequency_label.clone(),
        owner: item.owner_label.clone(),
        responsible: item.responsible.clone(),
        method: method(item),
        evidence: evidence(item),
        basis: item.basis.clone(),
        high_risk,
        system: false,
    }
}

/// 检查方法: how the stage is looked at, then the item's own check.
fn method(item: &Item) -> String {
    let how = match item.stage {
        Stage::Management => "查阅文件和记录",
        Stage::Design => "查阅设计开发和验证资料",
        Stage::Incoming => "查阅进货查验记录，现场抽查在库原辅材料",
        Stage::Production => "现场观察生产过程，抽查过程记录",
        Stage::Inspection => "核对出厂检验记录与检验报告，必要时见证检验",
        Stage::Storage => "现场查看仓储和发运条件",
        Stage::Labelling => "抽取成品核对标识标签和说明书",
        Stage::Sales => "查阅销售台账和投诉处理记录",
        Stage::Recall => "查阅召回制度和演练或实施记录",
    };
    let check = item.check.trim_end_matches('。');
    let who = if item.responsible.is_empty() {
        item.owner_label.clone()
    } else {
        format!("{}（{}）", item.owner_label, item.responsible)
    };
    format!("{how}；{check}；询问{who}执行情况")
}

/// 证据要求: how far back to sample, from the frequency.
fn evidence(item: &Item) -> String {
    let records = match item.stage {
        Stage::Inspection => "出厂检验记录和检验报告",
        Stage::Incoming => "进货查验记录",
        Stage::Production => "过程检查记录",
        _ => "相关记录",
    };
    match item.frequency {
        Frequency::PerBatch => {
            format!("抽查近一个月不少于3个批次的{records}，核对批号可追溯")
        }
        Frequency::Daily => format!("抽查近一个月每日检查记录（不少于5个工作日）及{records}"),
        Frequency::Weekly => format!("抽查近一个月每周的{records}（4份）"),
        Frequency::Monthly => format!("抽查近三个月的{records}"),
        Frequency::Quarterly => format!("查阅近两个季度的{records}"),
        Frequency::Yearly => format!("查阅最近一个年度的{records}"),
        f => format!(
            "查阅最近一次{}的{records}；审核期内未发生的，如实记录并可判不适用",
            f.label()
        ),
    }
}

/// `2026年11月30日`, as Chinese forms write dates (the one formatter of every document).
pub use crate::model::chinese_date;
