//! A NATS server of the test's own (so a test can kill and restart it without disturbing
//! others) and `berdaya events tail` as a consumer in another process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Debian's server binary (2.9 on these machines); `scripts/services.sh` installs it.
pub(crate) const NATS_SERVER: &str = "/usr/sbin/nats-server";

/// A JetStream-enabled `nats-server` on a free port with its own store directory,
/// killed on drop.
pub(crate) struct NatsServer {
    child: Option<Child>,
    /// The client port.
    pub port: u16,
    store: TempDir,
}

impl NatsServer {
    /// Starts a server and waits until it accepts connections.
    pub(crate) fn start() -> NatsServer {
        let mut server = NatsServer {
            child: None,
            port: super::free_port(),
            store: tempfile::tempdir().expect("nats store dir"),
        };
        server.restart();
        server
    }

    /// `nats://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server with SIGKILL (no clean shutdown) and waits for it.
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and store (after [`NatsServer::kill`]).
    pub(crate) fn restart(&mut self) {
        self.kill();
        let child = Command::new(NATS_SERVER)
            .args([
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-js",
                "-sd",
            ])
            .arg(self.store.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn nats-server (run scripts/services.sh to install it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server did not start on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `berdaya events tail` running in its own process, its JSON lines collected.
pub(crate) struct EventsTail {
    child: Child,
    lines: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl EventsTail {
    /// Starts `berdaya events tail --durable DURABLE [--subject FILTER]` with `settings`
    /// (`BERDAYA_NATS__*`); an empty `durable` starts an ephemeral tail.
    pub(crate) fn start(
        durable: &str,
        filter: Option<&str>,
        settings: &[(&str, String)],
    ) -> EventsTail {
        let mut command = Command::new(super::binary());
        command
            .args(["events", "tail"])
            .env_remove("BERDAYA_CONFIG")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if !durable.is_empty() {
            command.args(["--durable", durable]);
        }
        if let Some(filter) = filter {
            command.args(["--subject", filter]);
        }
        let mut child = command.spawn().expect("spawn berdaya events tail");
        let stdout = child.stdout.take().expect("stdout");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: serde_json::Value =
                    serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
                sink.lock().unwrap().push(value);
            }
        });
        EventsTail { child, lines }
    }

    /// Waits (at most `timeout`) until `count` lines were printed; returns them all.
    pub(crate) fn wait_for(&self, count: usize, timeout: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let lines = self.lines.lock().unwrap().clone();
            if lines.len() >= count {
                return lines;
            }
            assert!(
                Instant::now() < deadline,
                "events tail printed {} of {count} events in {timeout:?}",
                lines.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything printed so far.
    pub(crate) fn lines(&self) -> Vec<serde_json::Value> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for EventsTail {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
