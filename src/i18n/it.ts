import type { RefusalReason } from '../domain/commands.js';
import type { FieldProblem } from '../domain/text-rules.js';
import { boardIt } from './board-it.js';
// Correspondence with the applicant (SPEC section 10): its own file, like the board's.
import { mailIt } from './mail-it.js';
import type { Principal } from '../domain/permissions.js';
import { specialistAreaLabel } from './area-labels.js';

const area = (id: string) => specialistAreaLabel('it', id, boardIt.areas);
import type { en } from './en.js';

const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
const decimal = (n: number, digits = 1) => n.toLocaleString('it-IT', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const roleNames = { coordinator: 'coordinatore', doctor: 'medico', manager: 'responsabile', admin: 'amministratore', integration: 'il modulo web' };

const statePhrase = {
  intake: 'in accettazione, in attesa di documenti',
  ready: 'in attesa di un valutatore',
  in_review: 'in valutazione',
  awaiting_info: 'in attesa di informazioni',
  delivered: 'consegnato',
  cancelled: 'annullato',
};

const peopleRoles = (roles: readonly Principal[]) => roles.filter((x) => x !== 'integration').map((x) => roleNames[x]);

const status = {
  intake: 'Accettazione',
  ready: 'Pronto',
  in_review: 'In valutazione',
  awaiting_info: 'In attesa di informazioni',
  delivered: 'Consegnato',
  cancelled: 'Annullato',
};

export const it: typeof en = {
  euro,
  board: boardIt,
  mail: mailIt,
  amountInput: (cents: number) => (cents / 100).toFixed(2).replace('.', ','),
  decimal,
  dateFormat: 'd MMM yyyy',
  duration: {
    days: (n: number) => `${n} ${n === 1 ? 'giorno lavorativo' : 'giorni lavorativi'}`,
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
  },
  explain: {
    start: (at: string) => `Documentazione completa: ${at}; il conteggio parte subito.`,
    startLater: (at: string, from: string) =>
      `Documentazione completa: ${at}; il conteggio parte alla prossima apertura, ${from}.`,
    closedDay: (date: string, reason: string) => `Chiuso, non conteggiato: ${date} (${reason}).`,
    pause: (from: string, to: string | null, excluded: string) =>
      to === null
        ? `In pausa dal ${from}, in attesa di informazioni (finora ${excluded} di tempo lavorativo).`
        : `In pausa dal ${from} al ${to}: ${excluded} non conteggiati.`,
    stop: (at: string) => `Parere consegnato: ${at}.`,
    due: (at: string, target: string) => `Risposta dovuta entro ${at} (obiettivo: ${target}).`,
  },
  roles: roleNames,
  areas: {
    head_and_neck: 'Testa e collo',
    brain_and_spine: 'Encefalo e midollo spinale',
    sarcoma: 'Sarcoma',
    prostate: 'Prostata',
    pancreas: 'Pancreas',
    eye: 'Occhio',
    paediatric: 'Pediatria',
    other: 'Altro',
  } as Record<string, string>,
  closures: { 'San Siro': 'San Siro (patrono di Pavia)' } as Record<string, string>,
  status,
  statusPaymentPending: (status: string) => `${status} · pagamento in attesa`,
  applicant: { patient: 'Paziente', representative: 'Rappresentante' },
  language: { it: 'Italiano', en: 'Inglese' },
  deliveryChannel: { email: 'E-mail', pec: 'PEC', courier: 'Corriere / posta', hand: 'A mano' },
  items: {
    request_form: 'Modulo di richiesta firmato',
    privacy_consent: 'Consenso privacy (controfirmato)',
    patient_identity_card: "Carta d'identità del paziente",
    patient_health_card: 'Tessera sanitaria del paziente',
    clinical_documentation: 'Documentazione clinica completa',
    referring_physician_report: 'Relazione del medico curante',
    bank_transfer_copy: 'Copia del bonifico',
    representative_identity_card: "Carta d'identità del rappresentante",
    legal_representation_proof: 'Documento di rappresentanza legale',
    diagnostic_images: 'Ultime immagini diagnostiche (RM, TC, PET)',
  },
  rejectionReasons: {
    illegible: 'illeggibile',
    wrong_language: 'lingua errata (serve italiano o inglese)',
    not_countersigned: 'non controfirmato',
    incomplete: 'incompleto',
    expired: 'scaduto',
    wrong_document: 'documento errato',
    other: 'altro motivo (registrato nella storia)',
  },
  payment: {
    pending: (expected: number) => `Pagamento in attesa (attesi ${euro(expected)})`,
    confirmed: (received: number) => `Pagato ${euro(received)}`,
    mismatch_accepted: (received: number, expected: number) =>
      `Pagato ${euro(received)} su ${euro(expected)} (differenza accettata)`,
  },
  sla: {
    notStarted: 'In attesa di documenti: SLA non avviato',
    running: (due: string, remaining: string) => `restano ${remaining} · scadenza ${due}`,
    dueSoon: (due: string, remaining: string) => `In scadenza: restano ${remaining} · scadenza ${due}`,
    paused: (due: string, remaining: string) => `In pausa, in attesa di informazioni · restano ${remaining} (scadenza prima della pausa: ${due})`,
    breached: (due: string, overdue: string) => `Scaduto da ${overdue} · scadenza ${due}`,
    stoppedMet: (at: string) => `Consegnato ${at}: nei tempi`,
    stoppedBreached: (at: string, overdue: string) => `Consegnato ${at}: in ritardo di ${overdue}`,
    met: (turnaround: string, target: string) => `Rispettato: consegnato in ${turnaround} (obiettivo ${target})`,
    late: (turnaround: string, target: string) => `Superato: consegnato in ${turnaround} (obiettivo ${target})`,
    cancelled: 'Annullato: SLA fermo',
  },
  card: {
    title: (reference: string) => `Second opinion ${reference}`,
    fallback: (reference: string, s: string) => `${reference}: ${s}`,
    holder: (user: string) => `in carico a ${user}`,
    nobody: 'nessun valutatore',
    imageReview: 'revisione immagini',
    documents: (received: number, required: number) => `Documenti: ${received}/${required} ricevuti`,
    missing: 'Mancano',
    rejected: (item: string, reason: string) => `${item} (respinto: ${reason})`,
    complete: 'Documentazione completa',
    more: 'Altro',
    workingDays: (n: number) => `${decimal(n, Number.isInteger(n) ? 0 : 1)} ${n === 1 ? 'giorno lavorativo' : 'giorni lavorativi'}`,
  },
  buttons: {
    requestConsult: 'Chiedi consulto',
    documents: 'Documenti',
    payment: 'Conferma pagamento',
    claim: 'Prendi in carico',
    assign: 'Assegna',
    release: 'Rilascia',
    requestInfo: 'Richiedi informazioni',
    infoReceived: 'Informazioni ricevute',
    deliver: 'Parere consegnato',
    cancel: 'Annulla caso',
    details: 'Dettagli',
    openCase: 'Apri il caso',
    newCase: 'Nuovo caso',
  },
  more: (n: number) => `… e altri ${n}`,
  thread: {
    created: (by: string) => `${by} ha creato il caso.`,
    documentsReceived: (by: string, items: string) => `${by} ha registrato come ricevuti: ${items}.`,
    documentsReceivedAt: (by: string, items: string, at: string) => `${by} ha registrato come ricevuti: ${items} (arrivati ${at}).`,
    documentRejected: (by: string, item: string, reason: string) => `${by} ha respinto ${item}: ${reason}.`,
    complete: (due: string) => `La documentazione è completa: lo SLA è partito, la risposta è dovuta entro ${due}.`,
    dueMoved: (due: string) => `La risposta ora è dovuta entro ${due}.`,
    paymentConfirmed: (by: string, amount: string) => `${by} ha confermato il pagamento di ${amount}.`,
    paymentMismatch: (by: string, amount: string, expected: string) =>
      `${by} ha accettato un pagamento di ${amount} invece di ${expected} (il motivo è nei Dettagli).`,
    ready: 'Pronto per la valutazione: in attesa di un medico.',
    claimed: (by: string) => `${by} ha preso in carico il caso.`,
    assigned: (by: string, to: string) => `${by} ha assegnato il caso a ${to}.`,
    released: (by: string) => `${by} ha rilasciato il caso: è di nuovo in attesa di un medico.`,
    infoRequested: (by: string) => `${by} ha chiesto ulteriori informazioni: lo SLA è in pausa.`,
    infoReceived: (by: string, due: string) => `${by} ha registrato le informazioni come ricevute: lo SLA riparte, scadenza ${due}.`,
    infoReceivedAt: (by: string, at: string, due: string) =>
      `${by} ha registrato le informazioni come ricevute (arrivate ${at}): lo SLA riparte, scadenza ${due}.`,
    delivered: (by: string, outcome: string) => `${by} ha segnato il parere come consegnato (${outcome}).`,
    cancelled: (by: string) => `${by} ha annullato il caso (il motivo è nei Dettagli).`,
    detailsViewed: (by: string) => `${by} ha visualizzato i dati personali.`,
    onTime: 'nei tempi',
    late: 'in ritardo',
    integration: 'Il modulo web',
  },
  modals: {
    submit: 'Salva',
    close: 'Chiudi',
    caseHeading: (reference: string, area: string, s: string) => `*${reference}* · ${area} · ${s}`,
    newCase: {
      title: 'Nuovo caso',
      submit: 'Crea',
      applicantType: 'Richiedente',
      applicantName: 'Nome del richiedente',
      applicantEmail: 'E-mail del richiedente',
      patientName: 'Nome del paziente',
      birthDate: 'Data di nascita del paziente',
      taxCode: 'Codice fiscale del paziente',
      area: 'Area patologica',
      language: 'Lingua della documentazione',
      imageReview: 'Opzioni',
      imageReviewOption: 'Revisione e nuovo referto delle immagini diagnostiche (supplemento)',
      deliveryChannel: 'Documenti arrivati via',
      notes: 'Note',
    },
    documents: {
      title: 'Documenti',
      state: 'Elenco dei documenti',
      missingItem: (item: string) => `:white_circle: ${item}: manca`,
      receivedItem: (item: string, at: string) => `:white_check_mark: ${item}: ricevuto ${at}`,
      rejectedItem: (item: string, reason: string) => `:x: ${item}: respinto (${reason})`,
      received: 'Segna come ricevuti',
      receivedAt: 'Ricevuti il',
      receivedAtHint: 'Quando sono arrivati i documenti; può essere prima di adesso (un plico aperto oggi).',
      reject: 'Respingi documenti',
      rejectReason: 'Motivo del rifiuto',
      nothing: 'Spunta un documento ricevuto o scegline uno da respingere.',
      reasonNeeded: 'Indica perché i documenti sono respinti.',
      correct: "Correggi l'istante di arrivo di",
      allReceived: 'Tutti i documenti richiesti sono ricevuti.',
    },
    payment: {
      title: 'Conferma pagamento',
      expected: (amount: string, reason: string) => `Attesi *${amount}*, causale "${reason}".`,
      amount: 'Importo ricevuto (€)',
      valueDate: 'Data valuta',
      bankReference: 'Riferimento bancario (CRO/TRN)',
      reason: 'Motivo per accettare un importo diverso',
      badAmount: 'Scrivi un importo come 668, 668,00 o € 668',
      showDetails: 'Mostra il nome del paziente',
    },
    requestInfo: { title: 'Richiedi informazioni', question: 'Cosa serve', hint: 'Mette in pausa lo SLA finché non arriva.' },
    infoReceived: {
      title: 'Informazioni ricevute',
      at: 'Ricevute il',
      hint: 'Lo SLA riprende da questo istante.',
      question: (by: string, since: string) => `*Chiesto da ${by} il ${since}:*`,
    },
    assign: {
      title: 'Assegna valutatore',
      doctor: 'Medico',
      noDoctors: 'Nessun medico: un amministratore li aggiunge con /so staff add @utente doctor.',
      option: (name: string, open: number, suggested: boolean) => `${name} · ${open} aperti${suggested ? ' · consigliato' : ''}`,
      unnamed: (n: number) => `Medico ${n} (nome non registrato)`,
    },
    deliver: {
      title: 'Parere consegnato',
      submit: 'Conferma',
      confirm: (reference: string) => `Segnare il parere di ${reference} come consegnato? Lo SLA si ferma.`,
    },
    release: {
      title: 'Rilascia il caso',
      submit: 'Rilascia',
      confirm: (reference: string) => `Rilasciare ${reference}? Torna in attesa di un medico; lo SLA continua a correre.`,
    },
    cancel: { title: 'Annulla caso', submit: 'Annulla caso', reason: 'Motivo', confirm: (reference: string) => `Annullare ${reference}? Non si può tornare indietro.` },
    details: {
      title: 'Dettagli del caso',
      recorded: 'Questa consultazione è registrata nella storia del caso.',
      applicant: 'Richiedente',
      patient: 'Paziente',
      birthDate: 'Data di nascita',
      taxCode: 'Codice fiscale',
      contacts: 'Contatti',
      notes: 'Note',
      transferReason: 'Causale attesa del bonifico',
      transferReasonPattern: '<nome del paziente> - CNAO Second Opinion (nome nei Dettagli)',
      pendingQuestion: 'Domanda in attesa di risposta',
      askedBy: (by: string, at: string) => `chiesta da ${by} il ${at}`,
      cancelReason: "Motivo dell'annullamento",
      payment: 'Pagamento',
      paymentLine: (amount: string, valueDate: string, reference: string) => `${amount}, data valuta ${valueDate}, riferimento bancario ${reference}`,
      mismatchReason: "Motivo per cui l'importo è stato accettato",
      none: '—',
    },
  },
  commands: {
    help: [
      'Comandi */so*:',
      '• `/so nuovo`: apre il modulo per un nuovo caso',
      '• `/so stato SO-2026-0001`: a che punto è un caso',
      '• `/so lista [miei|nonassegnati|inscadenza|scaduti|inpausa|accettazione]`: casi aperti',
      '• `/so riepilogo`: il riepilogo SLA adesso (responsabili)',
      '• `/so report [AAAA-MM | AAAA-MM-GG AAAA-MM-GG]`: il report SLA di un periodo, con CSV e grafico (responsabili)',
      '• `/so quando [AAAA-MM-GG HH:mm]`: se la documentazione è completa allora, quando scade la risposta?',
      '• `/so staff add @utente <coordinator|doctor|manager|admin> [aree]`, `/so staff remove @utente <ruolo>`, `/so staff list` (amministratori); le aree sono patologiche o specialistiche, come radiology',
      '• `/so assente <dal> <al> [@sostituto]`, `/so rientro`: registra un\'assenza, la chiude',
      '• `/so aiuto`: questo testo',
      'Funzionano anche le parole inglesi (`/so status`, `/so list mine`, `/so away`, …).',
    ].join('\n'),
    words: {
      new: ['new', 'nuovo'],
      status: ['status', 'stato'],
      list: ['list', 'lista', 'elenco'],
      digest: ['digest', 'riepilogo'],
      report: ['report', 'rapporto'],
      when: ['when', 'quando'],
      away: ['away', 'assente', 'assenza'],
      back: ['back', 'rientro'],
      staff: ['staff', 'personale'],
      help: ['help', 'aiuto'],
    } as Record<string, string[]>,
    filterWords: {
      all: ['all', 'tutti'],
      mine: ['mine', 'miei'],
      unassigned: ['unassigned', 'nonassegnati', 'liberi'],
      due: ['due', 'inscadenza', 'scadenza'],
      breached: ['breached', 'scaduti'],
      paused: ['paused', 'inpausa', 'pausa'],
      intake: ['intake', 'accettazione'],
    } as Record<string, string[]>,
    unknownCommand: (typed: string, suggestion: string | null) =>
      `Comando sconosciuto \`${typed}\`${suggestion ? `: forse intendevi \`/so ${suggestion}\`?` : '.'}`,
    unknownFilter: (typed: string, suggestion: string | null, all: string) =>
      `Filtro sconosciuto \`${typed}\`${suggestion ? `: forse intendevi \`${suggestion}\`?` : '.'} Filtri: ${all}.`,
    unknownCase: (reference: string) => `Non esiste il caso ${reference}.`,
    statusUsage: 'Indica il caso: `/so stato SO-2026-0001`.',
    listTitle: (filter: string, n: number) => `*${n} ${n === 1 ? 'caso aperto' : 'casi aperti'}* (${filter})`,
    listEmpty: (filter: string) => `Nessun caso aperto (${filter}).`,
    filters: {
      all: 'tutti',
      mine: 'miei',
      unassigned: 'non assegnati',
      due: 'in scadenza entro 1 giorno lavorativo',
      breached: 'scaduti',
      paused: 'in pausa',
      intake: 'in accettazione',
    },
    when: (complete: string, due: string) => `Documentazione completa ${complete} → risposta dovuta entro *${due}*.`,
    whenCountsFrom: (from: string) => `Il conteggio parte alla prossima apertura, ${from}.`,
    whenClosures: 'Giorni di chiusura nel periodo (oltre ai fine settimana):',
    whenNoClosures: 'Nessuna festività nel periodo; i fine settimana non contano.',
    whenTarget: (target: string) => `Obiettivo: ${target} di tempo lavorativo.`,
    badWhen: "Scrivi l'istante come AAAA-MM-GG HH:mm o GG/MM/AAAA HH:mm (o solo la data), ad es. `/so quando 04/12/2026 16:00`.",
    whenOutOfRange: "Indica un istante entro due anni da oggi, ad es. `/so quando 04/12/2026 16:00`.",
    staffAdded: (user: string, role: string) => `${user} ora è ${role}.`,
    staffRemoved: (user: string, role: string) => `${user} non è più ${role}.`,
    staffUsage: 'Usa `/so staff add @utente <ruolo> [aree]`, `/so staff remove @utente <ruolo>` o `/so staff list`.',
    staffEmpty: 'Ancora nessuno.',
    staffLine: (user: string, role: string, areas: string) => `• ${user}: ${role}${areas ? ` (${areas})` : ''}`,
  },
  digest: {
    title: (date: string) => `Riepilogo SLA · ${date}`,
    fallback: (breached: number, dueSoon: number) => `Riepilogo SLA: ${breached} scaduti, ${dueSoon} in scadenza entro 1 giorno lavorativo`,
    breached: 'Scaduti',
    dueSoon: 'In scadenza entro 1 giorno lavorativo',
    unassigned: 'Pronti, in attesa di un valutatore',
    pausedLongest: 'In pausa da più tempo',
    pausedSince: (since: string) => `in pausa dal ${since}`,
    since: (from: string, created: number, delivered: number) => `Dal digest precedente (${from}): ${created} nuovi, ${delivered} consegnati.`,
    paymentPending: (n: number) => `${n} in revisione o pronti · pagamento in attesa (la consegna lo attende)`,
    last30: (delivered: number, rate: string, median: string) =>
      `Ultimi 30 giorni: ${delivered} consegnati · nei tempi ${rate} · tempo mediano ${median}.`,
    perDoctor: 'Casi aperti per medico',
    none: 'Nessuno.',
    notAvailable: 'n/d',
    workingDays: (n: number) => `${decimal(n)} giorni lavorativi`,
  },
  report: {
    title: (from: string, to: string) => `Report SLA · ${from} – ${to}`,
    fallback: (from: string, to: string, delivered: number, rate: string) => `Report SLA ${from} – ${to}: ${delivered} consegnati, nei tempi ${rate}`,
    delivered: (n: number, rate: string) => `*${n}* consegnati · nei tempi *${rate}*`,
    turnaround: (median: string, p90: string) => `Tempo di risposta sull'orologio SLA: mediana ${median} · 90° percentile ${p90}`,
    paused: (n: number, hours: string) => `In pausa: ${n} ${n === 1 ? 'volta' : 'volte'}, ${hours} ore lavorative`,
    openNow: (open: number, breached: number) => `Aperti ora: ${open} · scaduti ora: ${breached}`,
    byArea: 'Per area patologica',
    byDoctor: 'Per medico',
    line: (name: string, delivered: number, rate: string, median: string, open: number, breached: number) =>
      `${name}: ${delivered} consegnati, nei tempi ${rate}, mediana ${median} · aperti ${open}, scaduti ${breached}`,
    none: 'Niente da riportare.',
    notAvailable: 'n/d',
    workingDays: (n: number) => `${n.toFixed(1).replace('.', ',')} giorni lavorativi`,
    hours: (n: number) => n.toFixed(1).replace('.', ','),
    files: 'Il CSV e il grafico delle ultime 12 settimane seguono tra un momento.',
    filesDm: 'Il CSV e il grafico delle ultime 12 settimane ti arrivano in messaggio diretto.',
    csvComment: (from: string, to: string) => `Report SLA ${from} – ${to} (CSV: una riga per il periodo, per area e per medico)`,
    usage: 'Usa `/so report` (questo mese), `/so report 2026-11` o `/so report 2026-11-01 2026-11-30`.',
    periodProblems: {
      bad_month: 'Un mese si scrive come 2026-11.',
      bad_date: 'Le date si scrivono come 2026-11-30.',
      only_one_bound: 'Indica un mese, oppure due date (da e a).',
      ends_before_start: 'Il periodo finisce prima di iniziare.',
      too_long: 'Un report copre al massimo tre anni.',
    },
  },
  chart: {
    title: (from: string, to: string) => `Ultime 12 settimane · ${from} – ${to}`,
    subtitle: 'Barre: pareri consegnati per settimana · linea: casi aperti a fine settimana · punti: quota nei tempi',
    week: 'Settimana dal (lunedì)',
    cases: 'Casi',
    onTimeRate: 'Nei tempi (%)',
    delivered: 'Consegnati',
    openAtEnd: 'Aperti a fine settimana',
    onTime: 'Nei tempi',
    comment: (from: string, to: string) => `SLA delle ultime 12 settimane (${from} – ${to})`,
  },
  retention: {
    threadLine: 'Dati personali cancellati (conservazione): restano il flusso di lavoro e i numeri del caso.',
    erased: (at: string) => `I dati personali di questo caso sono stati cancellati il ${at} (conservazione). Restano il flusso di lavoro e i numeri.`,
  },
  // Chi ha agito dalla riga di comando dell'operatore (issue 16): il suo login, e per conto di chi.
  commandLine: {
    actingFor: (user: string, login: string) => `${user} (riga di comando, operatore ${login})`,
    operator: (login: string) => `La riga di comando (operatore ${login})`,
  },
  errors: {
    unexpected: 'Qualcosa è andato storto: riprova tra poco.',
    notSaved: 'Il modulo non è stato salvato: nulla è stato modificato. Riprova tra poco; se continua a non riuscire, avvisa il servizio informatico.',
    formDidNotOpen: 'Il modulo non si è aperto: Slack non ha risposto in tempo. Nulla è stato modificato; riprova.',
  },
  /** Raggiungere chi deve agire (SPEC sezione 5): ciò che chiede a qualcuno di agire, detto per lui. */
  reach: {
    infoRequested: (ref: string, by: string) =>
      `:telephone_receiver: ${ref}: ${by} ha chiesto altre informazioni e il conteggio del tempo lavorativo è sospeso finché non arrivano. Contattate il richiedente (la domanda è nei Dettagli).`,
  },
  notify: {
    unclaimed: (ref: string, since: string) => `:hourglass: ${ref} attende un valutatore dal ${since}: prendilo in carico, oppure un coordinatore lo assegna.`,
    unclaimedEscalation: (ref: string, since: string, due: string) => `:warning: ${ref} è senza valutatore dal ${since}; la risposta scade ${due}.`,
    unclaimedEscalationOverdue: (ref: string, since: string, due: string, overdue: string) =>
      `:warning: ${ref} è senza valutatore dal ${since}; la risposta era dovuta ${due}: scadenza superata di ${overdue}.`,
    dueSoon: (ref: string, due: string, left: string) => `:alarm_clock: ${ref} scade ${due} (restano ${left}).`,
    dueImminent: (ref: string, due: string, left: string) => `:alarm_clock: ${ref} scade a breve: ${due} (restano ${left}).`,
    breached: (ref: string, due: string, overdue: string) => `:rotating_light: ${ref} ha superato la scadenza di ${overdue} (era dovuto ${due}).`,
    awaitingInfo: (ref: string, since: string, by: string, waited: string) =>
      `:mailbox_with_no_mail: ${ref} attende da ${waited} (dal ${since}) le informazioni chieste da ${by}: sollecitare (la domanda è nei Dettagli).`,
    intakeStale: (ref: string, missing: number, age: string) =>
      `:file_folder: a ${ref} mancano ancora ${missing} ${missing === 1 ? 'documento richiesto' : 'documenti richiesti'}, ${age} dopo la creazione.`,
    paymentPending: (ref: string, since: string, waited: string, reviewUnderWay: boolean) =>
      `:bank: ${ref}: il pagamento non è ancora confermato ${waited} dopo l'arrivo della copia del bonifico (${since})${reviewUnderWay ? '; il parere non può essere consegnato finché non lo è' : ''}.`,
    holder: (user: string) => `in carico a ${user}`,
  },
  home: {
    title: 'Second opinion',
    noRole: 'Non hai ancora un ruolo in opinion-desk: chiedi a un amministratore (`/so staff add`).',
    doctorHeader: 'I miei casi, per scadenza',
    doctorEmpty: 'Nessun caso assegnato a te.',
    claimable: 'In attesa di un valutatore nelle mie aree',
    claimableEmpty: 'Nessun caso delle tue aree attende un valutatore.',
    pendingQuestion: (question: string) => `La tua domanda: _${question}_`,
    intake: 'Accettazione: in attesa di documenti',
    waitingDocuments: 'In attesa di documenti',
    waitingPayment: 'Pagamento in attesa',
    waitingAssignment: 'In attesa di un valutatore',
    toChase: 'Da sollecitare: in attesa di informazioni',
    chaseLine: (since: string, by: string) => `in attesa dal ${since}, chiesto da ${by}`,
    none: 'Nessuno.',
    managerHeader: 'Riepilogo SLA',
    breached: 'Scaduti',
    dueSoon: 'In scadenza entro 1 giorno lavorativo',
    counts: (open: number, breached: number, dueSoon: number, paused: number) =>
      `${open} aperti · ${breached} scaduti · ${dueSoon} in scadenza entro 1 giorno lavorativo · ${paused} in pausa`,
    caseLine: (reference: string, area: string, s: string, sla: string) => `${reference} · ${area} · ${s} · ${sla}`,
    holder: (user: string) => `in carico a ${user}`,
    unassigned: 'nessun valutatore',
  },
  hints: {
    whoDoes: {
      claim: 'I casi li prendono in carico i medici',
      assign: 'I casi li assegnano i coordinatori',
      record_documents: 'I documenti li registrano i coordinatori',
      reject_document: 'I documenti li respingono i coordinatori',
      confirm_payment: 'I pagamenti li confermano i coordinatori',
      cancel: 'I casi li annullano i coordinatori',
      deliver: 'Il parere lo segna consegnato il medico che ha in carico il caso',
      release: 'Il caso lo rilascia il medico che lo ha in carico, o un coordinatore',
      request_info: 'Le informazioni le chiede il medico che ha in carico il caso, o un coordinatore',
      info_received: 'Le informazioni le registra il medico che ha in carico il caso, o un coordinatore',
      view_details: 'I dettagli li vedono coordinatori, medici, responsabili e amministratori',
      request_consult: 'Il consulto lo chiede il medico referente, o un coordinatore',
    } as Record<string, string>,
    use: (button: string) => `usa ${button}`,
    instead: (use: string) => `Puoi: ${use}.`,
  },
  fieldProblem: (p: FieldProblem): string => {
    switch (p.key) {
      case 'required':
        return 'Campo obbligatorio.';
      case 'too_long':
        return `Al massimo ${p.max} caratteri.`;
      case 'control_characters':
        return 'Contiene caratteri di controllo (come NUL): rimuovili.';
      case 'invalid_email':
        return 'Indirizzo e-mail non valido.';
      case 'invalid_choice':
        return `Valori ammessi: ${p.options.join(', ')}.`;
      case 'unknown_field':
        return `Campo sconosciuto ${p.fields.join(', ')}.`;
      case 'unknown_area':
        return `Area patologica sconosciuta; valori ammessi: ${p.areas.join(', ')}.`;
      case 'invalid_birth_date':
        return 'La data di nascita deve essere una data reale nel passato.';
      case 'invalid_instant':
        return "Non è una data e ora come 2026-12-04T16:00:00+01:00 (senza fuso: quello del calendario).";
      case 'invalid':
        return 'Valore non valido.';
    }
  },
  refusal: (r: RefusalReason): string => {
    switch (r.key) {
      case 'needs_role':
        return `Serve il ruolo ${peopleRoles(r.roles).join(' o ')}.`;
      case 'holder_only':
        return 'Solo il medico che ha in carico il caso, o un coordinatore, può farlo.';
      case 'already_held':
        return `Il caso è già in carico a <@${r.holder}>.`;
      case 'wrong_state':
        return `Non possibile mentre il caso è ${statePhrase[r.status]}.`;
      case 'required':
        return { reason: 'Serve un motivo.', question: 'Scrivi cosa serve.', bank_reference: 'Serve il riferimento bancario.' }[r.what];
      case 'invalid_instant':
        return 'Istante non valido.';
      case 'future_instant':
        return "L'istante non può essere nel futuro.";
      case 'bad_text':
        return it.fieldProblem(r.problem);
      case 'too_early_instant':
        return "L'istante è più di un anno prima della creazione della pratica.";
      case 'unknown_item':
        return `Documento sconosciuto ${r.item}.`;
      case 'duplicate_item':
        return `Il documento ${r.item} compare due volte.`;
      case 'docs_complete':
        return "La documentazione è completa: si può solo correggere l'istante di ricezione di un documento ricevuto.";
      case 'payment_already_confirmed':
        return 'Il pagamento è già confermato.';
      case 'invalid_amount':
        return "L'importo deve essere positivo.";
      case 'invalid_value_date':
        return 'La data valuta non può essere nel futuro.';
      case 'payment_mismatch':
        return `L'importo è ${r.mismatch === 'underpaid' ? 'inferiore' : 'superiore'} ai ${euro(r.expectedCents)} attesi: scrivi perché è accettato.`;
      case 'not_a_doctor':
        return 'I casi si assegnano solo ai medici.';
      case 'info_before_request':
        return 'Le informazioni non possono arrivare prima della richiesta.';
      case 'unpaid_delivery':
        return 'Il parere non può essere consegnato prima della conferma del pagamento.';
      case 'not_found':
        return `Nessun caso ${r.reference}.`;
      case 'idempotency_conflict':
        return 'Questa chiave di idempotenza o externalId è già stata usata per una richiesta diversa.';
      case 'erased_case_request':
        return 'Questa chiave di idempotenza o externalId appartiene a un caso i cui dati personali sono stati cancellati: non si può usare di nuovo.';
      case 'role_not_held':
        return `Questa persona non ha il ruolo ${r.role}.`;
      case 'unknown_staff_area':
        return `Area sconosciuta ${r.area}; valori ammessi: ${r.areas.join(', ')}.`;
      case 'absence_range':
        return "Un'assenza finisce dopo l'inizio e dura meno di un anno.";
      case 'absence_over':
        return 'Quella assenza è già finita.';
      case 'cover_not_staff':
        return 'Il sostituto deve far parte dello staff (un medico o un coordinatore).';
      case 'own_absence_only':
        return 'Un medico registra le proprie assenze; un coordinatore può registrarne una per un collega.';
      case 'unknown_consult':
        return 'Questo consulto non esiste per il caso.';
      case 'consult_closed':
        return `Il consulto di ${area(r.area)} è già ${boardIt.consultState[r.state]}.`;
      case 'too_long':
        return `Troppo lungo: al massimo ${r.max} caratteri.`;
      case 'consult_before_documents':
        return 'Un consulto si può chiedere quando la documentazione è completa (lo SLA corre).';
      case 'consult_deadline_past':
        return 'La scadenza deve essere nel futuro.';
      case 'consult_after_case_due':
        return 'Un consulto non può scadere dopo la scadenza del caso.';
      case 'consult_held':
        return `Il consulto di ${area(r.area)} è già preso da <@${r.holder}>.`;
      case 'not_in_area':
        return `Solo un medico dell'area ${area(r.area)} può prendere questo consulto.`;
      case 'consult_unclaimed':
        return `Il consulto di ${area(r.area)} non ha ancora un consulente: prendilo o assegnalo prima.`;
      case 'consult_pending':
        return `Il parere non può essere consegnato finché il consulto di ${area(r.area)} è ${boardIt.consultState[r.state]}: attendi la risposta o ritiralo (con un motivo).`;
      case 'self_cover':
        return 'Nessuno può sostituire sé stesso: indica un collega, o nessuno (sostituiscono i coordinatori).';
    }
  },
};
