//! `berdaya bench` keeps working: a tiny run on both engines prints its figures. (The
//! figures themselves are read by people, never asserted.)

use crate::common;

/// Runs `berdaya` with `args` and returns what it printed; fails on a failed run.
fn run(args: &[&str]) -> String {
    let output = std::process::Command::new(common::binary())
        .args(args)
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
    out
}

fn bench(engine: &str) -> String {
    run(&[
        "bench",
        "--engine",
        engine,
        "--commands",
        "30",
        "--concurrency",
        "4",
    ])
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
    let out = run(&[
        "bench",
        "--scenario",
        "projection",
        "--engine",
        "postgres",
        "--events",
        "40",
        "--batch",
        "16",
    ]);
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

#[test]
fn the_savings_benchmark_prints_each_client_count_beside_its_baseline_on_both_engines() {
    for engine in ["sqlite", "postgres"] {
        let out = run(&[
            "bench",
            "--scenario",
            "savings",
            "--engine",
            engine,
            "--accounts",
            "5",
            "--commands",
            "64",
        ]);
        assert!(out.contains("5 accounts"), "{out}");
        let rows: Vec<Vec<&str>> = out
            .lines()
            .filter(|l| l.starts_with("savings "))
            .map(|l| l.split_whitespace().collect())
            .collect();
        let clients: Vec<&str> = rows.iter().map(|row| row[1]).collect();
        assert_eq!(clients, ["1", "8", "64"], "{out}");
        for row in &rows {
            // clients, commands, commands/s, p50, p99, p999, baseline tx/s, ratio, CPU
            // seconds per 1,000 commands of the process and of PostgreSQL (SQLite: -)
            assert_eq!(row.len(), 11, "{row:?}");
            assert_eq!(row[2], "64", "{row:?}");
            for figure in &row[3..9] {
                let value: f64 = figure.parse().unwrap_or_else(|_| panic!("{row:?}"));
                assert!(value > 0.0, "{row:?}");
            }
            let process: f64 = row[9].parse().unwrap_or_else(|_| panic!("{row:?}"));
            assert!(process > 0.0, "{row:?}");
            let pg: Option<f64> = row[10].parse().ok();
            assert_eq!(pg.is_some(), engine == "postgres", "{row:?}");
            assert!(pg.is_none_or(|seconds| seconds >= 0.0), "{row:?}");
        }
        assert!(out.contains("peak memory"), "{out}");
    }
}
