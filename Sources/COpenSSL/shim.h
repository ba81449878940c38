#ifndef MICROCHECK_COPENSSL_SHIM_H
#define MICROCHECK_COPENSSL_SHIM_H

/*
 * Thin C view of OpenSSL 3 (libcrypto) for MicrocheckCrypto: EVP keys,
 * contexts and digests, DER (d2i/i2d), X.509 certificates, the error queue.
 * Everything used imports into Swift as it is (no macros, no variadic calls,
 * no deprecated API), so this header only gathers the includes.
 */
#include <openssl/crypto.h>
#include <openssl/dsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#endif /* MICROCHECK_COPENSSL_SHIM_H */
