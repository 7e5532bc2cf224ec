package dev.meridian.core.access;

/**
 * The two cryptographic steps of a credential check, apart so a test can count them: every presented
 * credential is hashed once and compared once, whether or not a stored one was found.
 */
interface CredentialDigest {

    String hash(String secret);

    boolean matches(String computedHash, String storedHash);

    CredentialDigest SHA_256 = new CredentialDigest() {
        @Override
        public String hash(String secret) {
            return Secrets.hash(secret);
        }

        @Override
        public boolean matches(String computedHash, String storedHash) {
            return Secrets.hashesMatch(computedHash, storedHash);
        }
    };
}
