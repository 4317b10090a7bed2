import type { ConnectionRecord, TokenCipher } from '../ports';

export interface GrantTokens {
  accessToken: string;
  refreshToken: string;
}

type TokenOwner = Pick<ConnectionRecord, 'id' | 'tenantId' | 'userId' | 'provider'>;

/** Binds a ciphertext to its row, so a token copied onto another user's row cannot be read. */
export function tokenAad(owner: TokenOwner): string {
  return `v1|${owner.tenantId}|${owner.userId}|${owner.provider}|${owner.id}`;
}

export function sealTokens(cipher: TokenCipher, owner: TokenOwner, tokens: GrantTokens): string {
  return cipher.encrypt(
    JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
    tokenAad(owner),
  );
}

export function openTokens(
  cipher: TokenCipher,
  record: TokenOwner & { tokenCiphertext: string },
): GrantTokens {
  const parsed = JSON.parse(
    cipher.decrypt(record.tokenCiphertext, tokenAad(record)),
  ) as GrantTokens;
  return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken };
}
