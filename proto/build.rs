//! Compiles every `.proto` under `proto/berdaya` into Rust, and writes the file descriptor
//! set that gRPC reflection serves.
//!
//! `protoc` is taken from `PROTOC` when set, else from `PATH`, else from the binary that
//! the `protoc-bin-vendored` crate ships, so a fresh machine builds with no manual step.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protoc = match std::env::var_os("PROTOC") {
        Some(path) => PathBuf::from(path),
        None => match find_on_path("protoc") {
            Some(path) => path,
            None => protoc_bin_vendored::protoc_bin_path()?,
        },
    };
    compile(&protoc)
}

fn compile(protoc: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let mut protos = Vec::new();
    collect_protos(&root.join("berdaya"), &mut protos)?;
    protos.sort();
    for proto in &protos {
        println!("cargo:rerun-if-changed={}", proto.display());
    }
    println!("cargo:rerun-if-changed=berdaya");
    println!("cargo:rerun-if-env-changed=PROTOC");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut config = tonic_prost_build::Config::new();
    config.protoc_executable(protoc);
    // Every message names itself (prost::Name), so the codec can check a request's
    // wire bytes against the field types of its own descriptor.
    config.enable_type_names();
    tonic_prost_build::configure()
        .codec_path("crate::codec::StrictCodec")
        .include_file("berdaya.rs")
        .file_descriptor_set_path(out_dir.join("berdaya_descriptor.bin"))
        .compile_with_config(config, &protos, &[root])?;
    Ok(())
}

fn collect_protos(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_protos(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "proto") {
            out.push(path);
        }
    }
    Ok(())
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
