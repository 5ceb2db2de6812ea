mod common;
#[test]
fn dump() {
    let dir = std::path::Path::new("/tmp/fixture_dump");
    std::fs::create_dir_all(dir).unwrap();
    for name in common::FIXTURES {
        let out = common::generate(name);
        std::fs::write(
            dir.join(format!("{name}.rs")),
            format!(
                "{}\n// WARNINGS\n{}\n",
                out.render_all(),
                out.render_warnings()
            ),
        )
        .unwrap();
    }
}
