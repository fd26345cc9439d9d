/**
 * The one password detector, as committees, staff and LKPP write: each phrasing with the
 * password in it comes out with exactly its value masked; each sentence that only talks about
 * passwords comes out unchanged.
 */
import { containsSecret, redactSecrets, redactValues, REDACTED } from '../../src/workflow';
import { cpuMsSince } from '../cpu-time';

const M = REDACTED;

describe('a written password is masked', () => {
  test.each([
    // Labels and separators.
    ['Password root: Btg#2026!', `Password root: ${M}`],
    ['password root = abc123xyz', `password root = ${M}`],
    ['Password root => Sr9v!Btg', `Password root => ${M}`],
    ['password root -> Sr9v!Btg', `password root -> ${M}`],
    ['password root - Sr9v!Btg', `password root - ${M}`],
    ['password root / Sr9v!Btg', `password root / ${M}`],
    ['Password root：Sr9v!Btg', `Password root：${M}`],
    ['| password | Sr9v!Btg |', `| password | ${M} |`],
    ['pwd=hunter22', `pwd=${M}`],
    ['passwd: qwerty123', `passwd: ${M}`],
    ['PASSWORD:LpseBtg2026', `PASSWORD:${M}`],
    ['user root, pass: Qwerty!23', `user root, pass: ${M}`],
    ['pw root = Zx8#kLm0', `pw root = ${M}`],
    ['Passwort: Geheim!99', `Passwort: ${M}`],
    ['kata sandi: rahasia123', `kata sandi: ${M}`],
    ['Kata Sandi Root : Batang@2026', `Kata Sandi Root : ${M}`],
    ['katasandi=Batang@2026', `katasandi=${M}`],
    ['kata kunci server: Batang@2026', `kata kunci server: ${M}`],
    // Short forms and Indonesian endings as people type them in a hurry.
    ['Ini pass rootnya Kx7#mQ2p ya pak', `Ini pass rootnya ${M} ya pak`],
    ['PW nya: Kx7mQ2pz', `PW nya: ${M}`],
    ['password: (sama spt kemarin) Kx7#mQ2p', `password: (sama spt kemarin) ${M}`],
    ['Pass. root: Kx7#mQ2p', `Pass. root: ${M}`],
    ['user root psw Kx7#mQ2p', `user root psw ${M}`],
    ['passwd root nya, yang kami coba: Ly4xGt7Qp2', `passwd root nya, yang kami coba: ${M}`],
    ['root pswd= Kx7#mQ2p', `root pswd= ${M}`],
    // A password as a program's flag on a command line.
    ["sshpass -p 'Dz9#kQ2m' ssh root@10.10.1.5", `sshpass -p ${M} ssh root@10.10.1.5`],
    ['mysql -uroot -pNs5xQ7w2 spse', `mysql -uroot -p${M} spse`],
    ['mysqldump --password=Ns5xQ7w2 -u root spse > dump.sql', `mysqldump --password=${M} -u root spse > dump.sql`],
    ['kunci root: Batang@2026', `kunci root: ${M}`],
    ['kredensial ssh: root / Xk9!pQ2w', `kredensial ssh: ${M} / ${M}`],
    ['credential: root/Xk9!pQ2w', `credential: ${M}`],
    ['SSH password: Xk9!pQ2w', `SSH password: ${M}`],
    ['admin password = Xk9!pQ2w', `admin password = ${M}`],
    ['su password: Xk9!pQ2w', `su password: ${M}`],
    ['Password SPSE admin: Xk9!pQ2w', `Password SPSE admin: ${M}`],
    // Words between the label and the value.
    ['IP 10.1.1.5 port 22 password root: R4h@sia!2026', `IP 10.1.1.5 port 22 password root: ${M}`],
    ['password root server kami: Btg#2026', `password root server kami: ${M}`],
    ['Password root server 10.0.0.5 (SSH port 2222): Btg#2026', `Password root server 10.0.0.5 (SSH port 2222): ${M}`],
    ['root password baru: rahasia', `root password baru: ${M}`],
    ['password root yang baru Btg#2026', `password root yang baru ${M}`],
    ['root password Sup3rS3cret', `root password ${M}`],
    ['Berikut akses server: IP 103.10.20.30, user root, password Btg#2026', `Berikut akses server: IP 103.10.20.30, user root, password ${M}`],
    // Indonesian sentence forms.
    ['password untuk root adalah Rahasia2026', `password untuk root adalah ${M}`],
    ['kata sandi untuk user root adalah rahasiabanget', `kata sandi untuk user root adalah ${M}`],
    ['passwordnya adalah abc123', `passwordnya adalah ${M}`],
    ['sandinya adalah: bukanrahasia', `sandinya adalah: ${M}`],
    ['sandi-nya Xy9!mn4T', `sandi-nya ${M}`],
    ['passwordnya: Btg#2026', `passwordnya: ${M}`],
    ['Password-nya yaitu Btg#2026 ya Pak', `Password-nya yaitu ${M} ya Pak`],
    ['password root sudah kami ganti menjadi Btg#2027', `password root sudah kami ganti menjadi ${M}`],
    ['the root password is Sup3rS3cret', `the root password is ${M}`],
    // Spaced-out letters, quotes, the value on the next line.
    ['p a s s w o r d : Btg#2026', `p a s s w o r d : ${M}`],
    ['P.A.S.S.W.O.R.D root = Btg#2026', `P.A.S.S.W.O.R.D root = ${M}`],
    ['s a n d i: Btg#2026', `s a n d i: ${M}`],
    ['password: "dua kata"', `password: ${M}`],
    ['Password root:\n  Btg#2026\nTerima kasih', `Password root:\n  ${M}\nTerima kasih`],
    ['Password root: ____________ Btg#2026 (diisi oleh petugas helpdesk sebelum mengirim)', `Password root: ____________ ${M} (diisi oleh petugas helpdesk sebelum mengirim)`],
    // Two on one line, both masked; the rest of the line stays.
    ['password lama: Old#111, password baru: New#222', `password lama: ${M} password baru: ${M}`],
    ['Password = abc123 port 22', `Password = ${M} port 22`],
    ['#data-dikirim IP 10.0.0.5 port 22, password root: S3cr3t!x', `#data-dikirim IP 10.0.0.5 port 22, password root: ${M}`],
    // A password column: the header line names it, the rows below carry the values.
    ['IP Server   | Username | Password\n10.10.1.5   | root     | Vt1#Btg', `IP Server   | Username | Password\n10.10.1.5   | root     | ${M}`],
    [
      '| Host | User | Password root |\n|------|:----:|---------------|\n| 10.0.0.5 | root | Md2!x9 |\n| 10.0.0.6 | admin | Md3!y8 |\n\nTerima kasih',
      `| Host | User | Password root |\n|------|:----:|---------------|\n| 10.0.0.5 | root | ${M} |\n| 10.0.0.6 | admin | ${M} |\n\nTerima kasih`,
    ],
    ['Server\tUser\tKata Sandi\tPort\n103.10.20.30\troot\tTb4$kLm\t22', `Server\tUser\tKata Sandi\tPort\n103.10.20.30\troot\t${M}\t22`],
    ['ip;user;password\n10.10.1.5;root;Sc5#Btg\n10.10.1.6;spse;Sc6#Btg', `ip;user;password\n10.10.1.5;root;${M}\n10.10.1.6;spse;${M}`],
    ['host,username,pwd,keterangan\n10.0.0.5,root,Cv7!aa,server utama', `host,username,pwd,keterangan\n10.0.0.5,root,${M},server utama`],
    [
      'Host            Username    Password\n10.10.1.5       root        Al8#Btg\n10.10.1.6       dbadmin     Al9#Btg',
      `Host            Username    Password\n10.10.1.5       root        ${M}\n10.10.1.6       dbadmin     ${M}`,
    ],
    ['Username | Password | Keterangan\nroot | hunter2 | server SPSE', `Username | Password | Keterangan\nroot | ${M} | server SPSE`],
    ['Host | User | Password\n10.0.0.5 | root | Pass@2026\n10.0.0.6 | spse | Pw#Lpse2026', `Host | User | Password\n10.0.0.5 | root | ${M}\n10.0.0.6 | spse | ${M}`],
    // The label on its own line, the value below it (after a blank line, or under a user line).
    ['Password root server:\n\nBl10#Btg\n\nSalam', `Password root server:\n\n${M}\n\nSalam`],
    ['Kredensial server\nuser root\nKr11#Btg', `Kredensial server\nuser root\n${M}`],
    ['Credentials SSH:\nIP: 103.10.20.30\nuser: root\nCr12!abc', `Credentials SSH:\nIP: 103.10.20.30\nuser: root\n${M}`],
    ['Kata sandi\n  Ks13@Btg', `Kata sandi\n  ${M}`],
    // The same quoted in a reply (Gmail, Thunderbird, Zimbra, Horde) or pasted from Excel into Outlook.
    ['> Kredensial server\n> user root\n> Kr11#Btg\n>\n> Salam', `> Kredensial server\n> user root\n> ${M}\n>\n> Salam`],
    ['>> Kata sandi\n>> Zq5#Btg', `>> Kata sandi\n>> ${M}`],
    ['> IP | User | Password\n> 10.0.0.5 | root | Qt1#Btg', `> IP | User | Password\n> 10.0.0.5 | root | ${M}`],
    ['IP\tUser\tPassword\t\n10.0.0.5\troot\tXl2#Btg\t\n10.0.0.6\tspse\tXl3#Btg\t', `IP\tUser\tPassword\t\n10.0.0.5\troot\t${M}\t\n10.0.0.6\tspse\t${M}\t`],
    // Passphrases, Malay, secrets and tokens.
    ['Passphrase key SSH root: Pp14#Btg', `Passphrase key SSH root: ${M}`],
    ['pass phrase: "kuda lumping 77"', `pass phrase: ${M}`],
    ['Kata laluan root: Kl15#Btg', `Kata laluan root: ${M}`],
    ['client secret: 9f8e7d6c5b', `client secret: ${M}`],
    ['Token: ghp_Tk16xYz', `Token: ${M}`],
    // An account named between the label and its value.
    ['Password untuk user root di server 10.20.30.40: Xk9!pQ2w', `Password untuk user root di server 10.20.30.40: ${M}`],
    ['password baru akun pokja7btg: Pk7#Baru26', `password baru akun pokja7btg: ${M}`],
    ['Password login user admin SPSE: Adm1n#Btg', `Password login user admin SPSE: ${M}`],
    ['kata sandi akun ppk_dinkes2 sekarang: Ppk2026!x', `kata sandi akun ppk_dinkes2 sekarang: ${M}`],
    ['kode OTP dari SPSE yang masuk ke HP saya: 583920', `kode OTP dari SPSE yang masuk ke HP saya: ${M}`],
    // Typed in a hurry, or in full-width forms.
    ['pasword root: Kx7#mQ2p', `pasword root: ${M}`],
    ['Passwrod root: Kx7#mQ2p', `Passwrod root: ${M}`],
    ['paswd = Kx7#mQ2p', `paswd = ${M}`],
    ['passowrd: Kx7#mQ2p', `passowrd: ${M}`],
    ['ｐａｓｓｗｏｒｄ：Kx7mQ2pz', `ｐａｓｓｗｏｒｄ：${M}`],
    ['Ｐａｓｓｗｏｒｄ root: Btg#2026', `Ｐａｓｓｗｏｒｄ root: ${M}`],
    // Server words before a label on its own line, its value below.
    ['Akses server:\nroot password\nKx7#mQ2p\nSalam', `Akses server:\nroot password\n${M}\nSalam`],
    ['SSH root password\n\nKx7#mQ2p', `SSH root password\n\n${M}`],
    ['> root password\n> Kx7#mQ2p', `> root password\n> ${M}`],
    // A login's password in a link or after a program's name.
    ['lewat ssh://root:Kx7mQ2p2026@10.20.30.40:22 ya', `lewat ssh://root:${M}@10.20.30.40:22 ya`],
    ['mysql://spse:Db#2026x@127.0.0.1/spse', `mysql://spse:${M}@127.0.0.1/spse`],
    ['ftp://admin:Ftp2026!@ftp.batangkab.go.id', `ftp://admin:${M}@ftp.batangkab.go.id`],
    ['ssh root:Kx7#mQ2p@10.0.0.5', `ssh root:${M}@10.0.0.5`],
    ['admin:P@ss2026x@10.0.0.5', `admin:${M}@10.0.0.5`],
    // Passwords of letters alone: after a program's name, or before an IP address.
    ['ssh root:toor@10.0.0.5', `ssh root:${M}@10.0.0.5`],
    ['sshpass pokja:rahasia@server.lpse.batangkab.go.id', `sshpass pokja:${M}@server.lpse.batangkab.go.id`],
    ['root:rahasia@192.168.1.10:22, coba', `root:${M}@192.168.1.10:22, coba`],
    // A login pair: the name stays, the password goes.
    ['Login server: root / Adm1n#Btg', `Login server: root / ${M}`],
    ['Login SPSE: pokja7btg / Spse2026!', `Login SPSE: pokja7btg / ${M}`],
    ['login: root/Kx7#mQ2p', `login: root/${M}`],
    ['Akses SSH: admin / Adm1n#Btg', `Akses SSH: admin / ${M}`],
    // One-time codes and tokens.
    ['Kode OTP: 482913', `Kode OTP: ${M}`],
    ['Token API: ghp_Tk16xYzAbcdef1234567890', `Token API: ${M}`],
    ['kode verifikasi: 771204', `kode verifikasi: ${M}`],
  ])('%j', (input, output) => {
    expect(redactSecrets(input)).toEqual({ text: output, redacted: true });
    expect(containsSecret(input)).toBe(true);
  });
});

describe('a sentence about passwords stays as written', () => {
  test.each([
    'lupa password',
    'mysql -u root -p spse (password diminta saat dijalankan)',
    'sshpass belum terpasang di server, mohon dipasang dulu.',
    'Jalankan mysqldump -u root spse > spse.sql lalu kirim hasilnya.',
    'Saya lupa password SPSE, mohon dibantu.',
    'password salah terus',
    'Muncul pesan "password salah" waktu login.',
    'kata sandi sudah direset',
    'Password sudah diganti.',
    'mohon reset password user pokja',
    'Mohon reset password user pokja3btg, terima kasih.',
    'Password SPSE untuk akun ppk_dinkes2 kadaluarsa',
    'Password SPSE saya lupa',
    'password root baru dikirim via telepon',
    'Password harus minimal 8 karakter.',
    'password salah: mohon dicek',
    'lupa password, mohon reset',
    'Bagaimana cara mengganti password user PPK?',
    'Password akan kami kirim lewat telepon.',
    'password: lihat lampiran',
    'passing grade 70',
    'compass: north',
    'bypass: tidak ada',
    'Nomor passport: A1234567',
    'Pak Sandi: mohon dicek jadwalnya',
    'Kunci jawaban: A',
    'Kata kunci pencarian paket jalan',
    'pass ke bagian pengadaan',
    'Dari: Sandi Wijaya <sandi.w@batangkab.go.id>',
    'password sudah [disembunyikan] oleh bot',
    // The escalation template's own lines, and machine-written headers.
    'Password root: ____________ (diisi oleh petugas helpdesk sebelum mengirim)',
    'Root password: ____________ (to be filled in by helpdesk staff before sending)',
    'Password root: (disampaikan melalui telepon)',
    'Jangan menuliskan password root di dalam balasan ke sistem ini: sampaikan langsung kepada Helpdesk LKPP.',
    'Do not write the root password in a reply to this system: give it to the LKPP helpdesk directly.',
    'Authentication-Results: mx.google.com; dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=gmail.com',
    'Received-SPF: pass (google.com: domain of pokja3@gmail.com designates 209.85.220.41 as permitted sender)',
    // Tables and lines that name passwords without holding one.
    'No | Nama | Status Password\n1 | pokja3btg | sudah direset',
    'User ID | Password\npokja3btg | lupa, mohon direset',
    'Password\nMohon dibantu, password user saya terblokir.',
    'Kata sandi:\n\nSilakan hubungi kami lewat telepon.',
    'Sandi\nPokja3\nDinas PUPR Kabupaten Batang',
    'Lupa kata laluan akaun SPSE',
    'Token OTP sudah kadaluarsa, mohon dikirim ulang.',
    'Secret Santa kantor: Jumat',
    'Passphrase SSH sudah diganti oleh admin.',
    '> Password\n> Mohon dibantu reset, user pokja3btg terblokir.',
    // Accounts, links and logins named without a password.
    'password user pokja3btg: terblokir',
    'Password untuk akun pokja3btg: mohon direset',
    'https://lpse.batangkab.go.id:8443/eproc4/lelang',
    'http://pokja3@lpse.batangkab.go.id/',
    'Email:pokja3@gmail.com',
    'mailto:pokja3@gmail.com',
    'Kontak admin:helpdesk@lpse.batangkab.go.id',
    'Login / Logout',
    'Login: pokja3btg',
    'Login: PPK / Pokja tidak bisa masuk',
    'Akses: https://lpse.batangkab.go.id/eproc4',
    'root password sudah kami ganti',
    'Kode OTP tidak masuk ke HP saya',
    'pasword salah terus',
  ])('%j', (input) => {
    expect(redactSecrets(input)).toEqual({ text: input, redacted: false });
    expect(containsSecret(input)).toBe(false);
  });
});

test('masking twice changes nothing more', () => {
  const once = redactSecrets('password root: Btg#2026').text;
  expect(redactSecrets(once)).toEqual({ text: once, redacted: false });
});

test('every string in a log detail or mail data is masked, the shape is kept', () => {
  const at = new Date('2026-11-26T01:00:00Z');
  expect(redactValues({ text: 'pw root = Zx8#kLm0', n: 3, at, list: ['sandi: Xy9!mn4T', null] })).toEqual({
    text: `pw root = ${M}`,
    n: 3,
    at,
    list: [`sandi: ${M}`, null],
  });
});

describe('hostile input: read in linear time, and still read right', () => {
  // CPU time (tests/cpu-time.ts), not wall time: the other test worker shares the two cores.
  const run = (input: string) => {
    const t0 = process.cpuUsage();
    const out = redactSecrets(input).text;
    return { out, ms: cpuMsSince(t0) };
  };
  // Four times the input takes about four times as long (a quadratic scan would take sixteen),
  // and every value in it is masked; a run with no value in it is left as it is.
  test.each([
    ['a short label before every value', 'pw root = Zx8#kLm0 ', 'Zx8#kLm0'],
    ['words between label and value', 'password root server kami yang baru Btg#2026 ', 'Btg#2026'],
    ['spaced letters', 'p a s s w o r d : Btg#2026 ', 'Btg#2026'],
    ['arrows without spaces', 'password root=>Sr9v!Btg; ', 'Sr9v!Btg'],
    ['long values of punctuation', `password root => ${'!'.repeat(250)}x `, '!x'],
    ['one table after another', 'IP | User | Password\n10.0.0.5 | root | Zx8#kLm0\n', 'Zx8#kLm0'],
    ['labels over their values', 'Kredensial server\nuser root\nZx8#kLm0\n', 'Zx8#kLm0'],
    ['links with logins', 'ssh://root:Zx8#kLm0@10.0.0.5 ', 'Zx8#kLm0'],
    ['login pairs', 'Login: root / Zx8#kLm0\n', 'Zx8#kLm0'],
    ['full-width labels', 'ｐｗ root = Zx8#kLm0 lalu dicoba lagi ', 'Zx8#kLm0'],
  ])('%s', (_name, unit, value) => {
    const times = Math.max(1, Math.floor(40 / unit.length));
    const small = run(unit.repeat(25_000 * times));
    const large = run(unit.repeat(100_000 * times));
    expect(large.out).not.toContain(value);
    expect(large.out.split(REDACTED)).toHaveLength(100_000 * times + 1);
    expect(large.ms).toBeLessThan(Math.max(8 * small.ms, 100) + 50);
  });

  test.each([
    ['labels without values', 'password: lihat lampiran; '],
    ['links and logins without a host', 'ssh://root:abc ssh root:abc admin:'],
    ['links with nothing after the at sign', 'x://a:b@ '],
    ['login labels without a password', 'Login: root / ok '],
  ])('a long run of %s is left as it is', (_name, unit) => {
    const input = (chars: number) => unit.repeat(Math.ceil(chars / unit.length));
    const small = run(input(625_000));
    const large = run(input(2_500_000));
    expect(large.out).toBe(input(2_500_000));
    expect(large.ms).toBeLessThan(Math.max(8 * small.ms, 100) + 50);
  });
});
