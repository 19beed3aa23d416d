//! A TCP forwarder in front of a real server (a database, moto) that can cut the line, answer
//! every request with one canned HTTP response (a throttle, a 5xx), or accept and never answer,
//! to test how the app behaves on such faults and after they end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt, copy_bidirectional};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the link does with each connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkMode {
    /// Forward to the upstream.
    Forward,
    /// Refuse: drop connections at once, and cut open ones.
    Down,
    /// Read each request and answer it with this complete HTTP response, then close.
    Answer(Arc<str>),
    /// Accept and read, never answer.
    Stall,
}

/// Forwards 127.0.0.1:port to `upstream`, or fails in the way its mode says.
pub struct FaultyLink {
    /// Where clients connect.
    pub addr: SocketAddr,
    mode: watch::Sender<LinkMode>,
    requests: Arc<AtomicUsize>,
}

impl FaultyLink {
    /// Starts forwarding to `upstream`.
    pub async fn start(upstream: SocketAddr) -> FaultyLink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let (mode, watch_mode) = watch::channel(LinkMode::Forward);
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else { return };
                let watch_mode = watch_mode.clone();
                let counter = counter.clone();
                tokio::spawn(serve_connection(client, upstream, watch_mode, counter));
            }
        });
        FaultyLink { addr, mode, requests }
    }

    /// Cuts every open connection and refuses new ones.
    pub fn cut(&self) {
        self.set(LinkMode::Down);
    }

    /// Forwards again.
    pub fn restore(&self) {
        self.set(LinkMode::Forward);
    }

    /// Answers every request with an HTTP `status` and a JSON body, as AWS JSON-protocol
    /// services do: `{"__type": error_type, "message": …}`.
    pub fn answer_aws_error(&self, status: u16, reason: &str, error_type: &str) {
        let body = format!(r#"{{"__type":"{error_type}","message":"canned by the test proxy"}}"#);
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-errortype: {error_type}\r\nx-amzn-requestid: test\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        self.set(LinkMode::Answer(response.into()));
    }

    /// Accepts connections and never answers.
    pub fn stall(&self) {
        self.set(LinkMode::Stall);
    }

    /// Connections accepted so far (each canned answer closes its connection, so in `Answer`
    /// mode this counts requests).
    pub fn connections(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn set(&self, mode: LinkMode) {
        let _ = self.mode.send(mode);
    }

    /// The link's URL, for HTTP clients.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn serve_connection(
    mut client: TcpStream,
    upstream: SocketAddr,
    mut mode: watch::Receiver<LinkMode>,
    counter: Arc<AtomicUsize>,
) {
    counter.fetch_add(1, Ordering::SeqCst);
    let current = mode.borrow().clone();
    match current {
        LinkMode::Down => {}
        LinkMode::Forward => {
            let Ok(mut server) = TcpStream::connect(upstream).await else { return };
            tokio::select! {
                _ = copy_bidirectional(&mut client, &mut server) => {}
                _ = mode.wait_for(|m| *m == LinkMode::Down) => {}
            }
        }
        LinkMode::Answer(response) => {
            read_request_head(&mut client).await;
            let _ = client.write_all(response.as_bytes()).await;
            let _ = client.shutdown().await;
        }
        LinkMode::Stall => {
            // Hold the connection open, reading, until the mode changes or the client leaves.
            let mut sink = [0u8; 4096];
            loop {
                tokio::select! {
                    read = client.read(&mut sink) => if matches!(read, Ok(0) | Err(_)) { return },
                    _ = mode.wait_for(|m| *m != LinkMode::Stall) => return,
                }
            }
        }
    }
}

/// Reads one request: its headers and a `content-length` body, so closing after the answer
/// does not reset the connection under unread bytes.
async fn read_request_head(client: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    let mut wanted = None;
    loop {
        if wanted.is_none() {
            if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                wanted = Some(end + 4 + length);
            }
        }
        if wanted.is_some_and(|w| seen.len() >= w) || seen.len() > 1 << 20 {
            return;
        }
        match client.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&chunk[..n]),
        }
    }
}
