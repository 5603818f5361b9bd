//! A certificate authority made on the spot, and a server certificate for
//! `localhost` and `127.0.0.1` signed by it. Clients trust the authority's
//! PEM, which the server can write to a file.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

pub(crate) struct Certificates {
    /// The authority to trust, PEM.
    pub authority_pem: String,
    pub server_config: Arc<rustls::ServerConfig>,
}

pub(crate) fn generate() -> Result<Certificates, String> {
    let fail = |what: &str, err: &dyn std::fmt::Display| format!("{what}: {err}");
    let authority_key = KeyPair::generate().map_err(|err| fail("authority key", &err))?;
    let mut authority = CertificateParams::new(Vec::<String>::new()).map_err(|err| fail("authority", &err))?;
    authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    authority.distinguished_name.push(DnType::CommonName, "codegen mock server authority");
    authority.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let authority_certificate = authority.self_signed(&authority_key).map_err(|err| fail("authority", &err))?;
    let issuer = Issuer::new(authority, authority_key);

    let server_key = KeyPair::generate().map_err(|err| fail("server key", &err))?;
    let mut server = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .map_err(|err| fail("server certificate", &err))?;
    server.distinguished_name.push(DnType::CommonName, "localhost");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_certificate = server.signed_by(&server_key, &issuer).map_err(|err| fail("server certificate", &err))?;

    // ring's provider: see the client runtime's TLS setup for why.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| fail("TLS setup", &err))?
        .with_no_client_auth()
        .with_single_cert(vec![server_certificate.der().clone(), authority_certificate.der().clone()], key)
        .map_err(|err| fail("TLS setup", &err))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Certificates { authority_pem: authority_certificate.pem(), server_config: Arc::new(config) })
}
