import { beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, waitFor, type SlackTestApp } from '../support/slack-app.js';

/** What `/so` answers, read at a glance: labels not ids, the last day of an absence, help by role, Italian words. */

const ADMIN = 'UADMIN0001';
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const MGR = 'UMGR00001';
const RAD = 'URAD00001';

const en = await startSlackTestApp({ now: '2026-12-02 10:00' });
const it_ = await startSlackTestApp({ now: '2026-12-02 10:00', env: { LOCALE: 'it' } });

async function reply(app: SlackTestApp, user: string, text: string): Promise<string> {
  const pending = app.user.command(user, text);
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return String(call.body.text);
}

beforeAll(async () => {
  for (const app of [en, it_]) {
    await app.grant(COORD, 'coordinator', [], 'Anna Conti');
    await app.grant(DOC, 'doctor', ['head_and_neck', 'prostate'], 'Dr Bianchi');
    await app.grant(MGR, 'manager', [], 'Marco Galli');
  }
});

describe('/so help lists only what the asker may do', () => {
  it('a doctor sees neither /so staff nor /so report nor /so digest; a manager sees the reports; an admin sees staff', async () => {
    const doctor = await reply(en, DOC, 'help');
    expect(doctor).toContain('/so status');
    expect(doctor).toContain('/so away');
    expect(doctor).not.toContain('/so staff');
    expect(doctor).not.toContain('/so report');
    expect(doctor).not.toContain('/so digest');
    expect(doctor).not.toContain('/so new');
    const manager = await reply(en, MGR, 'help');
    expect(manager).toContain('/so report');
    expect(manager).toContain('/so digest');
    expect(manager).not.toContain('/so staff');
    expect(manager).not.toContain('/so away');
    expect(await reply(en, COORD, 'help')).toContain('/so new');
    expect(await reply(en, ADMIN, 'help')).toContain('/so staff add');
  });

  it('someone with no role is told how to get one', async () => {
    const text = await reply(en, 'UNOBODY01', 'help');
    expect(text).toContain('/so help');
    expect(text).not.toContain('/so status');
    expect(text).toContain('an admin gives you one');
  });
});

describe('/so staff list', () => {
  it('shows roles and areas by their labels, never their ids', async () => {
    const text = await reply(en, ADMIN, 'staff list');
    expect(text).toContain(`<@${DOC}>: Doctor (Head and neck, Prostate)`);
    expect(text).toContain(`<@${COORD}>: Coordinator`);
    expect(text).not.toMatch(/head_and_neck|\bdoctor\b/);
  });

  it('/so staff add takes a mention whose display name has a space: <@U|Dr Neri>', async () => {
    expect(await reply(en, ADMIN, `staff add <@URADSPACE1|Dr Neri> doctor radiology`)).toBe('<@URADSPACE1> is now a doctor (Radiology).');
    expect((await en.staff.membership('URADSPACE1'))[0]?.areas).toEqual(['radiology']);
    expect((await en.staff.displayNames()).get('URADSPACE1')).toBe('Dr Neri');
  });
});

describe('/so away', () => {
  it('answers with the last day of the absence, included: "until Fri 18 Dec 2026"', async () => {
    const text = await reply(en, DOC, 'away 2026-12-14 2026-12-18');
    expect(text).toBe(`<@${DOC}> away from Mon 14 Dec 2026 until Fri 18 Dec 2026; the coordinators cover.`);
  });
});

describe('in Italian', () => {
  it('/so aiuto speaks Italian command words, roles and areas, for a doctor without personale or rapporto', async () => {
    const doctor = await reply(it_, DOC, 'aiuto');
    expect(doctor).toContain('`/so stato SO-2026-0001`');
    expect(doctor).toContain('/so assente');
    expect(doctor).not.toContain('/so personale');
    expect(doctor).not.toContain('/so rapporto');
    expect(doctor).not.toMatch(/\/so (?:status|list|away|help|staff|report)\b/);
    const admin = await reply(it_, ADMIN, 'aiuto');
    expect(admin).toContain('`/so personale aggiungi @utente <coordinatore|medico|responsabile|amministratore> [aree]`');
  });

  it('/so personale aggiungi takes Italian roles and areas; /so personale elenco shows their labels', async () => {
    expect(await reply(it_, ADMIN, `personale aggiungi <@${RAD}|rad> medico radiologia testa-e-collo`)).toBe(`<@${RAD}> ora è medico (Radiologia, Testa e collo).`);
    expect((await it_.staff.membership(RAD))[0]?.areas).toEqual(['radiology', 'head_and_neck']);
    expect(await reply(it_, ADMIN, 'personale elenco')).toContain(`<@${RAD}>: Medico (Radiologia, Testa e collo)`);
    expect(await reply(it_, ADMIN, `personale aggiungi <@${RAD}|rad> medico radiologgia`)).toContain('Area sconosciuta radiologgia; aree: ');
  });

  it('/so rapporto shares its CSV and chart under Italian file names, never "sla-…"', async () => {
    await reply(it_, MGR, 'rapporto 2026-11');
    const names = await waitFor(() => {
      const found = it_.standIn.callsOf('files.getUploadURLExternal').map((c) => String(c.body.filename));
      return found.length >= 2 ? found : null;
    });
    expect(names).toEqual(expect.arrayContaining(['rapporto-tempi-di-risposta-2026-11-01-2026-11-30.csv', expect.stringMatching(/^tempi-di-risposta-12-settimane-2026-11-\d\d\.png$/)]));
    expect(names.join(' ')).not.toMatch(/sla/i);
  });

  it('/so assente 14/12/2026 18/12/2026 names both days; a typo is answered with the Italian word', async () => {
    expect(await reply(it_, DOC, 'assente 14/12/2026 18/12/2026')).toBe(`<@${DOC}> assente dal lun 14 dic 2026 al ven 18 dic 2026; sostituiscono i coordinatori.`);
    expect(await reply(it_, DOC, 'statp SO-2026-0001')).toContain('forse intendevi `/so stato`?');
  });
});
