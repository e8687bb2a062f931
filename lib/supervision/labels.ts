// The words of 督办, with no imports: safe for client components (forms) as well as the server.
export const SUPERVISION_LEVEL_LABELS = { REMIND: "提醒", SUPERVISE: "督办", LISTED: "挂牌督办" } as const;
