// The most frequent passwords in published breach corpora and their common Chinese-keyboard
// variants. Kept short on purpose: the length rule already removes most weak choices.
const list = `123456 123456789 12345678 password 1234567890 qwerty123 1q2w3e4r5t 1qaz2wsx3edc
password1 password123 password1234 passw0rd123 qwertyuiop qwerty1234 abc123456 abcd123456
iloveyou1 iloveyou123 admin12345 administrator welcome123 letmein123 football123 baseball123
sunshine123 princess123 dragon1234 monkey1234 starwars123 computer123 whatever123 trustno1234
woaini1314 woaini520 5201314520 1314520520 aini1314520 a123456789 aa123456789 qq123456789
zxcvbnm123 zxcvbnm1234 asdfghjkl123 1qaz2wsx 1234qwer1234 qwer1234qwer abcd1234abcd
111111111111 000000000000 123123123123 147258369 1472583690 987654321 9876543210 0987654321
123qweasdzxc qweasdzxc123 asd123456789 a1b2c3d4e5 changeme123 secret1234 p@ssw0rd123
p@ssword123 password!123 susong123456 xiamen123456 china123456 huawei123456`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean));
