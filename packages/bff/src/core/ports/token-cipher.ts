/** Encrypts provider secrets at rest. `aad` binds a ciphertext to its owner. */
export interface TokenCipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(ciphertext: string, aad: string): string;
}
