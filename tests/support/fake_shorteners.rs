//! Fake short-link services on loopback for the resolution tests: one HTTP/1.1 listener that answers by `Host` and
//! path from a fixed table, and records every request it got (so a test can assert that the destination, a private
//! address or anything else was never requested).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub host: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// One route's answer.
#[derive(Debug, Clone)]
pub enum Reply {
    Redirect(u16, String),
    Page(String),
    Status(u16),
    Slow(Duration),
}

pub struct Fake {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    pub fn start(routes: Vec<(&'static str, &'static str, Reply)>) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let routes = Arc::new(routes);
        let log = seen.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log) = (routes.clone(), log.clone());
                thread::spawn(move || serve(stream, &routes, &log));
            }
        });
        Fake { addr, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }
}

fn serve(stream: TcpStream, routes: &[(&str, &str, Reply)], log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let host = headers.iter().find(|(k, _)| k == "host").map_or("", |(_, v)| v.as_str());
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    log.lock().expect("log").push(Seen { host: host.clone(), path: path.clone(), headers });
    let reply = routes.iter().find(|(h, p, _)| *h == host && *p == path).map(|(_, _, r)| r.clone());
    let mut out = stream;
    let response = match reply {
        Some(Reply::Redirect(status, to)) => {
            format!("HTTP/1.1 {status} Moved\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
        Some(Reply::Page(body)) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Some(Reply::Status(status)) => {
            format!("HTTP/1.1 {status} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
        Some(Reply::Slow(wait)) => {
            thread::sleep(wait);
            "HTTP/1.1 302 Found\r\nLocation: https://late.example/\r\nContent-Length: 0\r\n\r\n".to_owned()
        }
        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
    };
    let _ = out.write_all(response.as_bytes());
}
