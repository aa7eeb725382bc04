//! A server in a process of its own whose whole log can be read: this test binary
//! again, running [`logged_server_child`], with JSON logs on its stdout at the
//! level the test asks for.
//!
//! A log captured inside the test process is not reliable: tracing decides once
//! per call site, for the whole process, whether anyone listens, and the other
//! tests running beside it on other threads can settle that before a test's own
//! subscriber is in place. A child process has one global subscriber from its
//! first line on.

use std::process::Stdio;
use std::time::Duration;

use shared::config::LogFormat;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout};

use crate::helpers::*;

const CHILD_DATABASE: &str = "LOGGED_SERVER_DATABASE";

/// Not a test on its own: the server that [`LoggedServer::start`] runs in a
/// child process, logging JSON to stdout.
#[tokio::test]
#[ignore = "started by LoggedServer in a child process"]
async fn logged_server_child() {
    let Ok(database) = std::env::var(CHILD_DATABASE) else {
        return;
    };
    shared::telemetry::init(LogFormat::Json);
    let app = spawn_app_with(AppOptions {
        database: Some(database),
        ..Default::default()
    })
    .await;
    println!("LISTENING {}", app.addr);
    // The parent ends this process; this is only a bound.
    tokio::time::sleep(Duration::from_secs(120)).await;
}

/// The child server, on the same database as the test's own app.
pub struct LoggedServer {
    pub url: String,
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl LoggedServer {
    /// Starts a server on `database` that logs what `rust_log` asks for, and
    /// waits until it listens.
    pub async fn start(database: &str, rust_log: &str) -> Self {
        let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "logged_server::logged_server_child",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env(CHILD_DATABASE, database)
            .env("RUST_LOG", rust_log)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            let read = tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut line))
                .await
                .expect("the child server starts")
                .unwrap();
            assert!(read > 0, "the child server stopped before listening");
            if let Some(addr) = line.trim().strip_prefix("LISTENING ") {
                break addr.to_string();
            }
        };
        Self {
            url: format!("http://{addr}"),
            child,
            stdout,
        }
    }

    /// Stops the server and answers everything it logged after it started
    /// listening. A request's line is written before its answer is sent, so every
    /// request answered so far is in it.
    pub async fn stop(mut self) -> String {
        self.child.start_kill().unwrap();
        let mut log = String::new();
        self.stdout.read_to_string(&mut log).await.unwrap();
        log
    }
}
