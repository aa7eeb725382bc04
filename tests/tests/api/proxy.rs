//! A TCP proxy a test can cut, to take a dependency down and bring it back, or
//! hold, to make a dependency slow for as long as the test looks around.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, watch};
use tokio::task::JoinSet;

pub struct TcpProxy {
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    held: watch::Sender<bool>,
    waiting: Arc<AtomicUsize>,
    connections: Arc<Mutex<JoinSet<()>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let (held, _) = watch::channel(false);
        let waiting = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(Mutex::new(JoinSet::new()));
        let accept = {
            let (up, connections) = (up.clone(), connections.clone());
            let (held, waiting) = (held.clone(), waiting.clone());
            tokio::spawn(async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    if !up.load(Ordering::SeqCst) {
                        drop(inbound);
                        continue;
                    }
                    let mut hold = held.subscribe();
                    let waiting = waiting.clone();
                    connections.lock().await.spawn(async move {
                        waiting.fetch_add(1, Ordering::SeqCst);
                        let _ = hold.wait_for(|held| !*held).await;
                        waiting.fetch_sub(1, Ordering::SeqCst);
                        if let Ok(mut outbound) = TcpStream::connect(target).await {
                            let _ =
                                tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                }
            })
        };
        Self {
            addr,
            up,
            held,
            waiting,
            connections,
            accept,
        }
    }

    /// Refuses new connections and cuts the open ones.
    pub async fn take_down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.connections.lock().await.abort_all();
    }

    pub fn bring_up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// Accepts new connections but forwards nothing until [`TcpProxy::release`].
    pub fn hold(&self) {
        self.held.send_replace(true);
    }

    /// Forwards the held connections and every new one.
    pub fn release(&self) {
        self.held.send_replace(false);
    }

    /// How many connections are being held.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}
