//! Serving connections: plain or TLS, each with a switch that lets a handler
//! drop the connection after a write committed — the fault a client must
//! survive without creating a row twice — and a call log with a debug line
//! per call (method, path, status, time; never the query, which may carry
//! codes).

use crate::state::{lock, AppState, CallInfo, CallRecord};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper_util::rt::TokioIo;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// A handle on one connection: `kill` makes its next write fail, so the
/// answer never leaves and the connection closes.
#[derive(Clone, Debug)]
pub(crate) struct ConnKill(Arc<AtomicBool>);

impl ConnKill {
    pub(crate) fn kill(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

struct KillableIo<T> {
    inner: T,
    killed: Arc<AtomicBool>,
}

impl<T: AsyncRead + Unpin> AsyncRead for KillableIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for KillableIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Accepts connections until the task is aborted; aborting it drops the
/// JoinSet and with it every open connection.
pub(crate) async fn serve(listener: TcpListener, tls: Option<TlsAcceptor>, router: Router) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else {
                    // Out of file descriptors and the like: back off, go on.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                let router = router.clone();
                let tls = tls.clone();
                conns.spawn(async move {
                    match tls {
                        Some(acceptor) => {
                            let handshake = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await;
                            if let Ok(Ok(stream)) = handshake {
                                serve_conn(stream, router).await;
                            }
                        }
                        None => serve_conn(tcp, router).await,
                    }
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

async fn serve_conn<T>(io: T, router: Router)
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let killed = Arc::new(AtomicBool::new(false));
    let io = KillableIo {
        inner: io,
        killed: killed.clone(),
    };
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnKill(killed.clone()));
        router.clone().oneshot(req)
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(io), svc)
        .await;
}

/// Records every Exact call (not `/_sim/` ones) and logs it at debug level.
pub(crate) async fn log_calls(
    State(st): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let is_api = path.starts_with("/api/v1/");
    let query = req.uri().query().filter(|_| is_api).map(str::to_string);
    let started = Instant::now();
    let time_ms = st.clock.now_ms();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    tracing::debug!(%method, %path, status, elapsed_ms = started.elapsed().as_secs_f64() * 1000.0, "call");
    if !path.starts_with("/_sim/") {
        let info = response
            .extensions()
            .get::<CallInfo>()
            .cloned()
            .unwrap_or_default();
        lock(&st.calls).push(CallRecord {
            method,
            path,
            query,
            status,
            client_id: info.client_id,
            division: info.division,
            time_ms,
        });
    }
    response
}
