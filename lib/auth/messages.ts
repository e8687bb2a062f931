export const LOGIN_FAILED_MESSAGE = "用户名、密码或动态口令错误，或账户暂不可用。连续输错 5 次将锁定 15 分钟。";
