package dev.listbridge.store;

/**
 * One ledger row: contact ↔ address ↔ member, valid from {@code validFrom} until {@code validTo}
 * (null while open).
 *
 * @param email             the address as the CRM spelled it when it was linked
 * @param freshConsentAfter under the {@code drop} policy: the new address is pushed only with consent newer than this
 */
public record LinkRow(long id, String audience, String contactKey, String email, String emailKey, String memberId,
                      long validFrom, Long validTo, String openedReason, String closeReason, Long freshConsentAfter) {
    public boolean open() {
        return validTo == null;
    }
}
