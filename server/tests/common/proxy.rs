//! A TCP forwarder that can cut the line to a real database, to test how the app behaves while
//! the database is unreachable and after it comes back.

use std::net::SocketAddr;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Forwards 127.0.0.1:port to `upstream` while up; refuses and drops connections while down.
pub struct FaultyLink {
    /// Where clients connect.
    pub addr: SocketAddr,
    up: watch::Sender<bool>,
}

impl FaultyLink {
    /// Starts forwarding to `upstream`.
    pub async fn start(upstream: SocketAddr) -> FaultyLink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let (up, watch_up) = watch::channel(true);
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { return };
                let mut up = watch_up.clone();
                tokio::spawn(async move {
                    if !*up.borrow() {
                        return;
                    }
                    let Ok(mut server) = TcpStream::connect(upstream).await else { return };
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        _ = up.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        FaultyLink { addr, up }
    }

    /// Cuts every open connection and refuses new ones.
    pub fn cut(&self) {
        let _ = self.up.send(false);
    }

    /// Forwards again.
    pub fn restore(&self) {
        let _ = self.up.send(true);
    }
}
