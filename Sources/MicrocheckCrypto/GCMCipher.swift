internal import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface, for ``PassphraseSealedBox``.
/// The output of ``encrypt(_:key:nonce:additional:tagLength:)`` is the
/// ciphertext followed by the tag.
enum GCMCipher {
    static func encrypt(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], additional: [UInt8],
                        tagLength: Int) throws(SealedBoxError) -> [UInt8] {
        let context = try CipherContext()
        guard EVP_EncryptInit_ex2(context.pointer, EVP_aes_256_gcm(), key, nonce, nil) == 1 else {
            throw context.failure("AES-256-GCM encryption setup failed")
        }
        var length: Int32 = 0
        guard EVP_EncryptUpdate(context.pointer, nil, &length, additional, Int32(additional.count)) == 1 else {
            throw context.failure("AES-256-GCM additional data failed")
        }
        var output = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written = 0
        let update = output.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptUpdate(context.pointer, buffer.baseAddress, &length, plaintext, Int32(plaintext.count))
        }
        guard update == 1 else { throw context.failure("AES-256-GCM encryption failed") }
        written += Int(length)
        let final = output.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context.pointer, buffer.baseAddress.map { $0 + written }, &length)
        }
        guard final == 1 else { throw context.failure("AES-256-GCM encryption did not finish") }
        written += Int(length)
        let tag = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), buffer.baseAddress.map { $0 + written })
        }
        guard tag == 1 else { throw context.failure("AES-256-GCM gave no tag") }
        return Array(output[..<(written + tagLength)])
    }

    static func decrypt(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], additional: [UInt8],
                        tagLength: Int) throws(SealedBoxError) -> [UInt8] {
        let ciphertext = Array(sealed[..<(sealed.count - tagLength)])
        var tag = Array(sealed[(sealed.count - tagLength)...])
        let context = try CipherContext()
        guard EVP_DecryptInit_ex2(context.pointer, EVP_aes_256_gcm(), key, nonce, nil) == 1 else {
            throw context.failure("AES-256-GCM decryption setup failed")
        }
        var length: Int32 = 0
        guard EVP_DecryptUpdate(context.pointer, nil, &length, additional, Int32(additional.count)) == 1 else {
            throw context.failure("AES-256-GCM additional data failed")
        }
        var output = [UInt8](repeating: 0, count: ciphertext.count + 16)
        let update = output.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptUpdate(context.pointer, buffer.baseAddress, &length, ciphertext, Int32(ciphertext.count))
        }
        guard update == 1 else { throw context.failure("AES-256-GCM decryption failed") }
        let written = Int(length)
        let setTag = tag.withUnsafeMutableBufferPointer { buffer in
            EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), buffer.baseAddress)
        }
        guard setTag == 1 else { throw context.failure("AES-256-GCM refused the tag") }
        let final = output.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context.pointer, buffer.baseAddress.map { $0 + written }, &length)
        }
        guard final == 1 else {
            KeyNoteSecrets.wipe(&output)
            OpenSSLErrorQueue.clear()
            throw SealedBoxError(.authenticationFailed, "the passphrase is wrong or the sealed text was altered")
        }
        let plaintext = Array(output[..<(written + Int(length))])
        KeyNoteSecrets.wipe(&output)
        return plaintext
    }
}

/// One `EVP_CIPHER_CTX`, freed (and cleared by OpenSSL) when released.
private final class CipherContext {
    let pointer: OpaquePointer

    init() throws(SealedBoxError) {
        guard let pointer = EVP_CIPHER_CTX_new() else {
            throw SealedBoxError(.openSSL, "no cipher context (OpenSSL: \(OpenSSLErrorQueue.drain()))")
        }
        self.pointer = pointer
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }

    func failure(_ what: String) -> SealedBoxError {
        SealedBoxError(.openSSL, "\(what) (OpenSSL: \(OpenSSLErrorQueue.drain()))")
    }
}
