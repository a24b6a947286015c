//! HTTPS for clients that refuse plain HTTP: a given certificate and key, or
//! a self-signed one generated for `localhost` and `127.0.0.1` at start.

use crate::config::TlsConfig;
use crate::error::{Error, Result};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

/// The acceptor and the certificate (PEM) clients should trust.
pub(crate) fn acceptor(cfg: &TlsConfig) -> Result<(TlsAcceptor, String)> {
    let (cert_pem, key_pem) = match (&cfg.cert_pem, &cfg.key_pem) {
        (Some(c), Some(k)) => {
            let read = |p: &std::path::Path| {
                std::fs::read_to_string(p).map_err(|e| Error::Tls(format!("{}: {e}", p.display())))
            };
            (read(c)?, read(k)?)
        }
        (None, None) => {
            let ck = rcgen::generate_simple_self_signed(vec![
                "localhost".to_string(),
                "127.0.0.1".to_string(),
            ])
            .map_err(|e| Error::Tls(e.to_string()))?;
            (ck.cert.pem(), ck.key_pair.serialize_pem())
        }
        _ => {
            return Err(Error::Tls(
                "give both a certificate and a key, or neither".into(),
            ))
        }
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Tls(format!("certificate: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| Error::Tls(format!("key: {e}")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| Error::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok((TlsAcceptor::from(Arc::new(config)), cert_pem))
}
