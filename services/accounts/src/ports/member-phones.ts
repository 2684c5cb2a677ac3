import type { Member, MemberPhone } from "../domain/member.ts";

/** The single-member view: a member with the phone on their profile (read only; the users service writes it). */
export interface MemberPhones {
  memberWithPhone(
    accountId: string,
    userId: string,
  ): Promise<{ member: Member | undefined; phone: MemberPhone | null }>;
}
