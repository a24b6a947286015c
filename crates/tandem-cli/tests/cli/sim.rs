//! `tandem sim` serves the simulator: it writes its port when ready and
//! refuses API calls without a token, as Exact Online does.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{command, temp_dir};

/// Waits for `tandem sim --port-file` to name its port.
pub fn port_from(file: &std::path::Path, child: &mut std::process::Child) -> u16 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(port) = std::fs::read_to_string(file)
            .ok()
            .and_then(|p| p.trim().parse().ok())
        {
            return port;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("tandem sim exited: {status}");
        }
        assert!(Instant::now() < deadline, "no port file");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The status line of a plain HTTP GET.
fn get_status(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer.lines().next().unwrap_or_default().to_string()
}

#[test]
fn sim_writes_its_port_and_wants_a_token() {
    let dir = temp_dir("sim");
    let port_file = dir.join("port");
    let mut child = command(&dir)
        .args(["sim", "--port", "0", "--accounts", "20", "--divisions", "2"])
        .arg("--port-file")
        .arg(&port_file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let port = port_from(&port_file, &mut child);
    let status = get_status(port, "/api/v1/current/Me");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(status.contains(" 401"), "{status}");
}
