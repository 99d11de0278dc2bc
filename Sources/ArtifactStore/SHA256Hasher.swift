internal import COpenSSL
internal import Foundation

/// SHA-256 through the system's OpenSSL (libcrypto's EVP digest interface), fed in pieces.
///
/// msdb needs one hash, so it links the system's libcrypto rather than compiling a TLS library of
/// its own; the ids are the same bytes whichever SHA-256 computes them (`BlobTests` checks them
/// against `sha256sum`).
final class SHA256Hasher {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("SHA256Hasher: out of memory") }
        precondition(
            EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "SHA256Hasher: EVP_DigestInit_ex failed")
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `bytes` to the hashed message.
    func update(_ bytes: some DataProtocol) {
        for region in bytes.regions {
            region.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return }
                precondition(
                    EVP_DigestUpdate(context, base, buffer.count) == 1, "SHA256Hasher: update failed")
            }
        }
    }

    /// The 32-byte digest of everything added; the hasher is done afterwards.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        precondition(
            EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "SHA256Hasher: final failed")
        return digest
    }

    /// The digest of `bytes` alone.
    static func hash(_ bytes: some DataProtocol) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
