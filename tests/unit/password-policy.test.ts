import { describe, expect, it } from "vitest";
import { checkPassword, generateTemporaryPassword } from "@/lib/auth/password-policy";

describe("password policy", () => {
  it("requires 8 characters from 3 of 4 classes, without the username", () => {
    expect(checkPassword("Pingan@2023", "zhang")).toEqual([]);
    expect(checkPassword("short1A", "zhang").join()).toMatch(/至少 8 位/);
    expect(checkPassword("alllowercase", "zhang").join()).toMatch(/至少 3 类/);
    expect(checkPassword("Zhang@2024x", "zhang").join()).toMatch(/不能包含用户名/);
  });

  it("generates temporary passwords that pass the policy", () => {
    for (let i = 0; i < 200; i++) expect(checkPassword(generateTemporaryPassword(), "someone")).toEqual([]);
  });
});
