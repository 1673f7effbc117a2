//! `berdaya bench` keeps working: a tiny run on both engines prints its figures. (The
//! figures themselves are read by people, never asserted.)

mod common;

fn bench(engine: &str) -> String {
    let output = std::process::Command::new(common::binary())
        .args([
            "bench",
            "--engine",
            engine,
            "--commands",
            "30",
            "--concurrency",
            "4",
        ])
        .env("DATABASE_URL", common::admin_database_url())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run berdaya bench");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

#[test]
fn the_benchmark_prints_throughput_latency_and_memory_on_both_engines() {
    for engine in ["sqlite", "postgres"] {
        let out = bench(engine);
        for workload in ["register", "deposit"] {
            let line = out
                .lines()
                .find(|l| l.starts_with(workload))
                .unwrap_or_else(|| panic!("no {workload} line in {out}"));
            assert!(
                line.contains("30 commands") && line.contains("commands/s") && line.contains("p99"),
                "{line}"
            );
        }
        assert!(out.contains("peak memory"), "{out}");
    }
}

#[test]
fn the_projection_benchmark_prints_catch_up_figures_and_the_runs_agree() {
    let output = std::process::Command::new(common::binary())
        .args([
            "bench",
            "--scenario",
            "projection",
            "--engine",
            "postgres",
            "--events",
            "40",
            "--batch",
            "16",
        ])
        .env("DATABASE_URL", common::admin_database_url())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run berdaya bench");
    let out = String::from_utf8(output.stdout).expect("utf8");
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for run in ["consume ", "projection ", "projection-1x1 ", "direct "] {
        let line = out
            .lines()
            .find(|l| l.starts_with(run))
            .unwrap_or_else(|| panic!("no {run} line in {out}"));
        assert!(
            line.contains("40 events") && line.contains("events/s"),
            "{line}"
        );
    }
    assert!(out.contains("the same in every run"), "{out}");
}
