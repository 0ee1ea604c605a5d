//! What the national catalog must hold: every product of the source table, complete risk points,
//! and product-specific depth for the products of the domain brief.
use riskctl::catalog::Catalog;

#[test]
fn national_catalog_is_complete() {
    let catalog = Catalog::builtin().expect("embedded catalog is valid");
    assert_eq!(
        catalog.products.len(),
        328,
        "329 source rows + 电冰箱 − duplicate 电动晾衣架 − merged 室内取暖器"
    );
    assert!(
        catalog.meta.provenance.iter().any(|p| p.contains("第三方")),
        "provenance is honest about the transcription"
    );
    for p in &catalog.products {
        assert!(
            p.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "ascii id: {}",
            p.id
        );
        let points = catalog.product_points(p).count();
        assert!(
            points >= 6,
            "{} ({}) carries {points} family + product points",
            p.id,
            p.name()
        );
    }
    let heater = catalog.find_product("室内加热器").expect("室内加热器");
    assert!(heater.aliases.iter().any(|a| a == "室内取暖器"));
    assert_eq!(
        catalog
            .products
            .iter()
            .filter(|p| p.name() == "电动晾衣架")
            .count(),
        1
    );
    assert!(catalog.find_product("电冰箱").is_some());
}

#[test]
fn brief_products_carry_specific_points_citing_standards() {
    let catalog = Catalog::builtin().unwrap();
    for id in [
        "wire-cable",
        "hazardous-chemicals-licensed",
        "ebike",
        "ebike-charger",
        "traction-battery-ev-ebike",
        "gas-cooker-household",
        "toys",
        "food-plastics",
        "compound-fertiliser",
        "phosphate-fertiliser",
    ] {
        let product = catalog
            .product(id)
            .unwrap_or_else(|| panic!("product {id}"));
        let cited = product
            .risk_points
            .iter()
            .filter(|p| p.basis.contains("GB"))
            .count();
        assert!(
            cited >= 5,
            "{id} has {cited} product-specific points citing a GB standard"
        );
    }
}

#[test]
fn a_layer_adds_products_and_overrides_fields_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("zhejiang.yaml");
    std::fs::write(
        &layer,
        "catalog:\n  provenance: [浙江省地方目录（测试）]\nproducts:\n  - id: wire-cable\n    level: 中\n    risk_points:\n      - id: zj-cable-extra\n        stage: inspection\n        point: 省级加严项目\n        hazard: 省抽查不合格项目\n        measures: [每批加严检验]\n        check: 查记录\n        frequency: per_batch\n        owner: inspection\n        basis: 浙江省监管要求\n  - id: zj-new-product\n    name: 浙江特色产品\n    category: 地方\n    licence: false\n    ccc: false\n    level: 低\n    families: [textiles]\n",
    )
    .unwrap();
    let catalog = Catalog::load(&[&layer]).expect("layered catalog");
    let cable = catalog.product("wire-cable").unwrap();
    assert_eq!(cable.level.label(), "中", "field overridden");
    assert!(
        cable.risk_points.iter().any(|p| p.id == "zj-cable-extra"),
        "point added"
    );
    assert!(cable.risk_points.len() > 1, "existing points kept");
    assert!(catalog.product("zj-new-product").is_some());
    assert_eq!(catalog.layers.len(), 2);
}

#[test]
fn a_broken_layer_is_reported_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("bad.yaml");
    std::fs::write(&layer, "products:\n  - id: x\n    name: 甲\n    category: 乙\n    licence: false\n    ccc: false\n    level: 中\n    families: [textile]\n").unwrap();
    let err = Catalog::load(&[&layer]).unwrap_err().to_string();
    assert!(err.contains("unknown family `textile`"), "{err}");
    assert!(err.contains("did you mean `textiles`"), "{err}");
    assert!(err.contains("bad.yaml:2:5"), "{err}");
}

/// Applicability data is checked with the file, line and column of the offending entry.
#[test]
fn fact_scope_families_and_controls_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("layer.yaml");
    let point = |id: &str, extra: &str| {
        format!(
            "      - {{ id: {id}, stage: production, point: {id}, hazard: h, measures: [m], frequency: daily, owner: production, basis: b{extra} }}\n"
        )
    };
    let text = format!(
        "families:\n  - id: test-fam\n    facts:\n      - {{ id: alpha, question: 甲？, default: true }}\n    risk_points:\n{}{}\
         products:\n  - id: test-prod\n    name: 测试产品\n    category: 测试\n    licence: false\n    ccc: false\n    level: 低\n    families: [test-fam, test-fam]\n    facts:\n      - {{ id: gamma, value: true }}\n    risk_points:\n{}",
        point("tf-a", ", control: same-c"),
        point("tf-b", ", control: same-c, when: { fact: alpah }"),
        point("tp-a", ", when: { not: { fact: alpha } }"),
    );
    std::fs::write(&layer, text).unwrap();
    let err = Catalog::load(&[&layer]).unwrap_err().to_string();
    for expected in [
        "lists family `test-fam` twice",
        "reads fact `alpah`",
        "did you mean `alpha`?",
        "fixes fact `gamma`",
        "both cover control `same-c`",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(err.contains("layer.yaml:7:11"), "located: {err}");
}
