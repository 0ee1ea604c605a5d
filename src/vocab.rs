//! The shared vocabulary at the bottom of the module graph: the closed sets of words that the
//! catalog, the profile and the rules all speak (stages, frequencies, owners, levels, channels,
//! roles, sizes, certificate states) and the condition language over them. It imports nothing
//! from the rest of the crate, so every other module can depend on it without a cycle.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Declares a string-keyed enumeration: ASCII keys in YAML and JSON, a Chinese label in documents.
/// A profile may write the key, the label or one of the other Chinese spellings listed after it
/// (`Daily = "daily": "每日" | "每天"`); JSON always carries the key.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident {
        $($variant:ident = $key:literal : $label:literal $(| $alias:literal)*),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];
            /// The keys used in YAML and JSON.
            pub const KEYS: &[&str] = &[$($key),+];
            /// The label printed in documents.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// The key used in YAML and JSON.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// The value a profile names by its key, its label or another Chinese spelling.
            pub fn parse(word: &str) -> Option<$name> {
                let word = word.trim();
                $(if word == $key || word == $label $(|| word == $alias)* {
                    return Some($name::$variant);
                })+
                None
            }
            /// Every spelling a profile may use: the keys, then the labels and other spellings.
            pub fn spellings() -> Vec<&'static str> {
                let mut all: Vec<&'static str> = Self::KEYS.to_vec();
                for word in [$($label, $($alias,)*)+] {
                    if !all.contains(&word) {
                        all.push(word);
                    }
                }
                all
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        // Written as its key, as it is read: the same in JSON and in the build-time catalog blob
        // (a derived impl would write a variant index there, which the reader cannot take).
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = std::borrow::Cow::<str>::deserialize(d)?;
                $name::parse(&word)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&word, $name::KEYS))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": $name::spellings() })
            }
        }
    };
}

labelled_enum!(
    /// 风险环节: the stage of the product's life where the risk arises (documents sort by it).
    Stage {
        Management = "management": "质量管理" | "管理",
        Design = "design": "设计开发" | "设计" | "研发",
        Incoming = "incoming": "原辅材料进货" | "采购" | "进货" | "进货查验" | "原材料",
        Production = "production": "生产过程" | "生产" | "过程控制",
        Inspection = "inspection": "出厂检验" | "检验",
        Storage = "storage": "贮存运输" | "贮存" | "储存" | "运输" | "仓储",
        Labelling = "labelling": "标识标签" | "标签" | "标识",
        Sales = "sales": "销售与售后" | "销售" | "售后",
        Recall = "recall": "召回",
    }
);

labelled_enum!(
    /// 管控频次.
    Frequency {
        PerBatch = "per_batch": "每批" | "每批次" | "逐批",
        Daily = "daily": "每日" | "每天",
        Weekly = "weekly": "每周",
        Monthly = "monthly": "每月",
        Quarterly = "quarterly": "每季度" | "每季",
        Yearly = "yearly": "每年" | "每年度",
        OnDesignChange = "on_design_change": "新产品或设计变更时" | "设计变更时" | "新产品开发时",
        OnSupplierChange = "on_supplier_change": "原材料或供方变更时" | "供方变更时" | "原材料变更时",
        OnStandardChange = "on_standard_change": "标准换版时" | "标准变更时" | "标准更新时",
        OnNonconformity = "on_nonconformity": "投诉或抽查不合格时" | "不合格时" | "抽查不合格时",
    }
);

impl Frequency {
    /// Checked in the daily record: every day or every batch.
    pub fn is_daily(self) -> bool {
        matches!(self, Frequency::Daily | Frequency::PerBatch)
    }

    /// Checked in the weekly investigation.
    pub fn is_weekly(self) -> bool {
        self == Frequency::Weekly
    }

    /// Taken up at the monthly scheduling: monthly, quarterly and yearly controls.
    pub fn is_monthly(self) -> bool {
        matches!(
            self,
            Frequency::Monthly | Frequency::Quarterly | Frequency::Yearly
        )
    }

    /// Whether the control is done when something happens rather than on a calendar.
    pub fn is_event(self) -> bool {
        matches!(
            self,
            Frequency::OnDesignChange
                | Frequency::OnSupplierChange
                | Frequency::OnStandardChange
                | Frequency::OnNonconformity
        )
    }

    /// Rank for merging two controls into one item: the lower, the stricter (every batch first,
    /// then the calendar from daily to yearly, then the events).
    pub fn strictness(self) -> usize {
        Frequency::ALL
            .iter()
            .position(|f| *f == self)
            .unwrap_or(usize::MAX)
    }

    /// The stricter of two frequencies.
    pub fn stricter(self, other: Frequency) -> Frequency {
        if other.strictness() < self.strictness() {
            other
        } else {
            self
        }
    }
}

labelled_enum!(
    /// 责任岗位.
    Owner {
        Principal = "principal": "主要负责人" | "负责人",
        Director = "director": "质量安全总监" | "总监",
        Officer = "officer": "质量安全员" | "安全员",
        Purchasing = "purchasing": "采购部门" | "采购部",
        Production = "production": "生产部门" | "生产部" | "车间",
        Inspection = "inspection": "质检部门" | "质检部" | "质量部门" | "质量部",
        Warehouse = "warehouse": "仓储物流部门" | "仓储部门" | "仓库" | "物流部门",
        Sales = "sales": "销售部门" | "销售部",
        Technical = "technical": "技术部门" | "技术部" | "研发部门",
    }
);

labelled_enum!(
    /// 监管等级.
    Level {
        High = "高": "高",
        Medium = "中": "中",
        Low = "低": "低",
    }
);

labelled_enum!(
    /// 危害严重程度 of a risk point: what the hazard does if the control fails (injury, fire,
    /// poisoning → high; performance → medium; labelling with no harm named → low).
    Severity {
        High = "high": "高",
        Medium = "medium": "中",
        Low = "low": "低",
    }
);

labelled_enum!(
    /// 销售渠道.
    Channel {
        Wholesale = "wholesale": "批发经销" | "批发" | "经销",
        Retail = "retail": "零售门店" | "零售" | "门店",
        Online = "online": "网络销售" | "网店" | "电商" | "网上销售" | "电子商务",
        Export = "export": "出口" | "外贸",
        Oem = "oem": "代工贴牌" | "贴牌" | "代工" | "OEM",
        Direct = "direct": "工程直供" | "直供",
    }
);

labelled_enum!(
    /// What the unit is under the SAMR orders: producer (Order 75), seller (Order 76) or both.
    Role {
        Producer = "producer": "生产单位" | "生产企业" | "生产者",
        Seller = "seller": "销售单位" | "销售企业" | "销售者" | "经营企业",
        Both = "both": "生产和销售单位" | "生产和销售" | "生产和销售企业" | "生产销售企业",
    }
);

impl Role {
    /// Whether a unit of this role carries the duties of `other` (`both` carries either).
    pub fn includes(self, other: Role) -> bool {
        self == other || self == Role::Both
    }
}

/// Unit size by the statistical rule for industry (国统字〔2017〕213号, 统计上大中小微型企业划分办法):
/// large ≥ 1000 staff and ≥ ¥400m revenue; medium ≥ 300 staff and ≥ ¥20m; small ≥ 20 staff and
/// ≥ ¥3m; micro below. A unit must meet both lower bounds of a class, else it falls to the class
/// below.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    Large,
    Medium,
    Small,
    Micro,
}

impl CompanySize {
    /// Thresholds (staff, revenue in 万元) of large, medium, small; below small is micro.
    const THRESHOLDS: [(CompanySize, u32, f64); 3] = [
        (CompanySize::Large, 1000, 40_000.0),
        (CompanySize::Medium, 300, 2_000.0),
        (CompanySize::Small, 20, 300.0),
    ];

    /// The class of a unit; with one of the two figures missing, by the one given (see
    /// [`CompanySize::basis`]); unknown when neither is given.
    pub fn of(staff: Option<u32>, revenue_wan: Option<f64>) -> Option<CompanySize> {
        if staff.is_none() && revenue_wan.is_none() {
            return None;
        }
        let class = Self::THRESHOLDS
            .iter()
            .find(|(_, s, r)| staff.is_none_or(|x| x >= *s) && revenue_wan.is_none_or(|x| x >= *r))
            .map_or(CompanySize::Micro, |(c, _, _)| *c);
        Some(class)
    }

    /// How the class was reached, for the documents: both figures, or only one of them.
    pub fn basis(staff: Option<u32>, revenue_wan: Option<f64>) -> &'static str {
        match (staff, revenue_wan) {
            (Some(_), Some(_)) => "按从业人员和营业收入",
            (Some(_), None) => "仅按从业人员，未申报营业收入",
            (None, Some(_)) => "仅按营业收入，未申报从业人员",
            (None, None) => "",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CompanySize::Large => "大型",
            CompanySize::Medium => "中型",
            CompanySize::Small => "小型",
            CompanySize::Micro => "微型",
        }
    }
}

/// The two certificates a product line can hold; they differ in when renewal falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertKind {
    /// 工业产品生产许可证: valid 5 years; renewal is applied for at least 6 months before expiry
    /// (《工业产品生产许可证管理条例》第二十五条).
    Licence,
    /// 强制性产品认证证书: renewal is applied for within the 90 days before expiry.
    Ccc,
}

/// Months before expiry from which a production licence is due for renewal.
pub const LICENCE_RENEWAL_MONTHS: u32 = 6;
/// Days before expiry from which a CCC certificate is due for renewal.
pub const CCC_RENEWAL_DAYS: u64 = 90;

impl CertKind {
    pub fn label(self) -> &'static str {
        match self {
            CertKind::Licence => "生产许可证",
            CertKind::Ccc => "CCC证书",
        }
    }

    /// The first day on which a certificate expiring on `expires` is due for renewal.
    pub fn renewal_from(self, expires: NaiveDate) -> NaiveDate {
        match self {
            CertKind::Licence => {
                expires.checked_sub_months(chrono::Months::new(LICENCE_RENEWAL_MONTHS))
            }
            CertKind::Ccc => expires.checked_sub_days(chrono::Days::new(CCC_RENEWAL_DAYS)),
        }
        .unwrap_or(NaiveDate::MIN)
    }

    /// The renewal rule for a certificate expiring on `expires`, as warnings state it.
    pub fn renewal_rule(self, expires: NaiveDate) -> String {
        let from = self.renewal_from(expires);
        match self {
            CertKind::Licence => format!(
                "延续申请应在有效期届满6个月前（{from} 前）提出（《工业产品生产许可证管理条例》第二十五条），尚未提出的请立即办理"
            ),
            CertKind::Ccc => {
                format!("应在证书到期前90日内（{from} 起）向认证机构申请延续")
            }
        }
    }
}

/// The state of a production licence or CCC certificate on the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    Valid,
    /// Due for renewal: within the renewal window of its [`CertKind`] before expiry.
    Expiring,
    Expired,
    Missing,
}

impl CertState {
    /// The state on `date` of a certificate of `kind` that expires on `expires` (None: no
    /// certificate).
    pub fn of(kind: CertKind, expires: Option<NaiveDate>, date: NaiveDate) -> CertState {
        match expires {
            None => CertState::Missing,
            Some(e) if e < date => CertState::Expired,
            Some(e) if kind.renewal_from(e) <= date => CertState::Expiring,
            Some(_) => CertState::Valid,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertState::Valid => "有效",
            CertState::Expiring => "即将到期",
            CertState::Expired => "已过期",
            CertState::Missing => "未提供",
        }
    }
}

/// A condition over the facts of one product line (and its company), as the catalog writes it;
/// `rules` evaluates it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Some process of the line contains the text.
    Process(String),
    /// Some material of the line contains the text.
    Material(String),
    /// Some outsourced process of the line contains the text.
    Outsourced(String),
    Channel(Channel),
    Role(Role),
    Size(CompanySize),
    Licence(CertState),
    Ccc(CertState),
    /// The matched catalog product is under production licence.
    ProductLicence(bool),
    /// The matched catalog product is under CCC.
    ProductCcc(bool),
    Level(Level),
    /// The matched catalog product carries this special-supervision tag (substring match).
    Tag(String),
    /// A fact of the line (see the catalog's `facts`) resolves to yes.
    Fact(String),
    /// A matched catalog product belongs to this family.
    Family(String),
    /// The line outsources some process other than testing or inspection (`true`), or none.
    OutsourcedProcess(bool),
}

impl Condition {
    /// Every fact id the condition reads.
    pub fn facts(&self) -> Vec<&str> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(|c| c.facts()).collect(),
            Condition::Not(c) => c.facts(),
            Condition::Fact(id) => vec![id.as_str()],
            _ => Vec::new(),
        }
    }

    /// Three-valued evaluation knowing only some facts (`None`: cannot tell yet).
    pub fn eval_facts(&self, known: &dyn Fn(&str) -> Option<bool>) -> Option<bool> {
        match self {
            Condition::Fact(id) => known(id),
            Condition::Not(c) => c.eval_facts(known).map(|v| !v),
            Condition::All(cs) => {
                let rs: Vec<Option<bool>> = cs.iter().map(|c| c.eval_facts(known)).collect();
                if rs.contains(&Some(false)) {
                    Some(false)
                } else if rs.contains(&None) {
                    None
                } else {
                    Some(true)
                }
            }
            Condition::Any(cs) => {
                let rs: Vec<Option<bool>> = cs.iter().map(|c| c.eval_facts(known)).collect();
                if rs.contains(&Some(true)) {
                    Some(true)
                } else if rs.contains(&None) {
                    None
                } else {
                    Some(false)
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_states_follow_the_document_date() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let ccc = |e| CertState::of(CertKind::Ccc, e, date);
        assert_eq!(ccc(None), CertState::Missing);
        assert_eq!(ccc(on(2026, 11, 23)), CertState::Expired);
        assert_eq!(ccc(on(2027, 2, 22)), CertState::Expiring);
        assert_eq!(ccc(on(2027, 2, 23)), CertState::Valid);
        // A licence is due for renewal 6 months before expiry (条例 第二十五条).
        let licence = |e| CertState::of(CertKind::Licence, e, date);
        assert_eq!(licence(on(2027, 4, 24)), CertState::Expiring);
        assert_eq!(licence(on(2027, 5, 24)), CertState::Expiring);
        assert_eq!(licence(on(2027, 5, 25)), CertState::Valid);
    }

    #[test]
    fn company_size_needs_both_thresholds() {
        use CompanySize::*;
        assert_eq!(CompanySize::of(None, None), None);
        assert_eq!(CompanySize::of(Some(299), None), Some(Small));
        assert_eq!(CompanySize::of(Some(85), Some(2_800.0)), Some(Small));
        assert_eq!(CompanySize::of(Some(1200), Some(30_000.0)), Some(Medium));
        assert_eq!(CompanySize::of(Some(1200), Some(50_000.0)), Some(Large));
        assert_eq!(CompanySize::of(Some(10), Some(100.0)), Some(Micro));
        assert_eq!(CompanySize::of(Some(500), Some(200.0)), Some(Micro));
        assert_eq!(CompanySize::of(None, Some(45_000.0)), Some(Large));
    }

    #[test]
    fn keys_and_labels_read_back_as_their_value() {
        fn each<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            key: fn(T) -> &'static str,
            label: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for &v in all {
                assert_eq!(parse(key(v)), Some(v));
                assert_eq!(parse(label(v)), Some(v), "{}", label(v));
            }
        }
        each(Stage::ALL, Stage::key, Stage::label, Stage::parse);
        each(
            Frequency::ALL,
            Frequency::key,
            Frequency::label,
            Frequency::parse,
        );
        each(Owner::ALL, Owner::key, Owner::label, Owner::parse);
        each(Channel::ALL, Channel::key, Channel::label, Channel::parse);
        each(Role::ALL, Role::key, Role::label, Role::parse);
        assert_eq!(Channel::parse("网店"), Some(Channel::Online));
        assert_eq!(Frequency::parse("每天"), Some(Frequency::Daily));
        assert_eq!(Role::parse("生产企业"), Some(Role::Producer));
        assert_eq!(Owner::parse("网店"), None);
        // JSON keeps the key.
        assert_eq!(serde_json::to_string(&Role::Both).unwrap(), "\"both\"");
    }

    #[test]
    fn merging_keeps_the_stricter_frequency() {
        use Frequency::*;
        assert_eq!(Daily.stricter(PerBatch), PerBatch);
        assert_eq!(Yearly.stricter(OnDesignChange), Yearly);
        assert_eq!(Monthly.stricter(Weekly), Weekly);
        assert!(OnNonconformity.is_event() && !Yearly.is_event());
    }
}
