// Passwords that are too common to allow (等保 身份鉴别: 口令复杂度). Matched case-insensitively; the policy also
// rejects any of the BASE_WORDS padded with digits and symbols ("Pingan@2023", "Gansu#2024"). The list is data:
// extend it from the organisation's own incident reports.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456", "123456789", "12345678", "password", "qwerty123", "qwerty", "1234567", "111111",
  "1234567890", "123123", "abc123", "1234", "password1", "iloveyou", "1q2w3e4r", "000000",
  "qwerty1", "123321", "654321", "666666", "121212", "1qaz2wsx", "a123456", "123456a",
  "88888888", "11111111", "5201314", "woaini", "520520", "1314520", "woaini1314", "aa123456",
  "aa123456!", "aa@123456", "zxcvbnm", "asdfghjkl", "qwertyuiop", "1q2w3e", "1qazxsw2", "qazwsx",
  "147258369", "159357", "987654321", "12341234", "112233", "123qwe", "qwe123", "admin",
  "admin123", "admin@123", "root", "root123", "toor", "test", "test123", "guest",
  "password123", "passw0rd", "p@ssw0rd", "p@ssword", "password@123", "password1!", "welcome1", "welcome",
  "welcome123", "letmein", "monkey", "dragon", "sunshine", "princess", "football", "baseball",
  "master", "shadow", "superman", "batman", "trustno1", "starwars", "whatever", "qwerty12",
  "qwerty123!", "abc@123", "abc123456", "abcd1234", "abcd@1234", "zaq12wsx", "7758521", "7758258",
  "584520", "woaiwojia", "123456789a", "a123456789", "asd123", "asd123456", "qq123456", "wang123",
  "zhang123", "li123456", "liu123", "chen123", "yang123", "huang123", "zhao123", "wu123456",
  "zhou123", "xu123456", "sun123", "ma123456", "zhu123", "hu123456", "guo123", "he123456",
  "lin123456", "luo123", "gongan", "gongan123", "gongan@123", "jingcha", "jingcha123", "jingcha@123",
  "pingan", "pingan123", "pingan@123", "pingan@2023", "pingan@2024", "pingan@2025", "pingan@2026", "gansu",
  "gansu123", "gansu@123", "gansu@2023", "lanzhou", "lanzhou123", "lanzhou@123", "police", "police123",
  "police@123", "110110", "110119", "119110", "123456aa", "1234qwer", "qwer1234", "qwer@1234",
  "1qaz@wsx", "1qaz!qaz", "!qaz2wsx", "2wsx3edc", "zxcv1234", "zxcvbnm1", "asdf1234", "aa111111",
  "aa000000", "aa888888", "a1b2c3d4", "aaaaaa", "aaaaaaaa", "abcdef", "abcdefg", "abcdefgh",
  "1111111111", "0000000000", "12345", "123", "1234560", "1234567a", "12345678a", "12345678910",
  "20232023", "20242024", "20252025", "20262026", "2023", "2024", "2025", "2026",
  "changeme", "changeme123", "default", "secret", "secret123", "system", "system123", "sysadmin",
  "manager", "manager123", "user", "user123", "demo", "demo123", "test@123", "test1234",
  "test@1234", "huawei@123", "huawei12#$", "sangfor@123", "hik12345", "ruijie@123", "h3c@123", "qwe123!@#",
  "qwe!@#123", "1qaz2wsx3edc", "!@#$%^&*", "!@#123qwe", "p@55w0rd", "pa$$w0rd", "pass1234", "pass@123",
  "pass@word1", "welcome@123", "hello@123", "hello123", "iloveyou1", "loveyou", "520131", "1314521",
  "woaini520", "wodemima", "mima123", "mima@123", "mima1234", "zhongguo", "zhongguo@123", "china123",
  "china@123", "beijing", "beijing@123", "shanghai", "shanghai@123",
]);

export const BASE_WORDS: ReadonlySet<string> = new Set([
  "password", "passw0rd", "qwerty", "admin", "administrator", "root", "toor", "test", "guest", "welcome",
  "letmein", "monkey", "dragon", "master", "shadow", "superman", "batman", "iloveyou", "woaini", "gongan",
  "jingcha", "pingan", "gansu", "lanzhou", "police", "system", "sysadmin", "manager", "user", "demo",
  "changeme", "default", "secret", "mima", "wodemima", "zhongguo", "china", "beijing", "shanghai", "huawei",
  "sangfor", "hik", "ruijie", "abc", "abcd", "abcdef", "qwe", "qwer", "asdf", "zxcv",
  "zxcvbnm", "qaz", "qazwsx",
]);
