import type { DEFAULT_PATHOLOGY_AREAS } from '../config.js';
import type { CaseStatus } from '../domain/case.js';
import type { ChecklistItemId, RejectionReason } from '../domain/checklist.js';
import type { RefusalReason } from '../domain/refusal.js';
import type { FieldProblem } from '../domain/text-rules.js';
import { boardIt } from './board-it.js';
// Correspondence with the applicant (SPEC section 10): its own file, like the board's.
import { mailIt } from './mail-it.js';
import { ROLES, type Principal } from '../domain/permissions.js';
import { typedWord } from './area-labels.js';
import { bankIt } from './bank-it.js';
import { cliIt } from './cli-it.js';
import { configIt } from './config-it.js';
import { myWorkIt } from './my-work-it.js';
import { numbers } from './numbers.js';
import type { en } from './en.js';

/**
 * Testi italiani, come li scrive il personale: le parole sono quelle del glossario
 * (`docs/glossario.md`), una per concetto; mai "SLA" (si dice termine, tempi di risposta, conteggio).
 * Un test legge ogni testo e fallisce su "SLA", sui comandi in inglese e sugli errori di concordanza.
 */


const { euro, decimal, percent, plural: pluralForm, plainAmount } = numbers('it');

type DefaultPathologyArea = (typeof DEFAULT_PATHOLOGY_AREAS)[number];

/** Il numero con il singolare o il plurale, secondo le regole della lingua: `plural(1, 'caso aperto', 'casi aperti')`. */
const plural = (n: number, one: string, many: string) => `${n} ${pluralForm(n, one, many)}`;

const roleNames = { coordinator: 'coordinatore', doctor: 'medico', manager: 'responsabile', admin: 'amministratore', integration: 'il modulo web' } satisfies Record<Principal, string>;

/** Come si legge lo stato dopo "mentre il caso è …". */
const statePhrase = {
  intake: 'in accettazione, in attesa di documenti',
  ready: 'da prendere in carico',
  in_review: 'in valutazione',
  awaiting_info: 'in attesa di informazioni',
  delivered: 'consegnato',
  cancelled: 'annullato',
} satisfies Record<CaseStatus, string>;

/** Un ruolo per nome; una stringa che non nomina un ruolo, così com'è. */
const roleName = (role: string) => {
  const known = ROLES.find((r) => r === role);
  return known ? roleNames[known] : role;
};

const peopleRoles = (roles: readonly Principal[]) => roles.filter((x) => x !== 'integration').map((x) => roleNames[x]);

const items: Record<ChecklistItemId, string> = {
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
};

/** Genere e numero di ogni documento, perché participi e aggettivi concordino ("tessera … respinta"). */
const itemAgreement: Record<ChecklistItemId, 'ms' | 'fs' | 'fp'> = {
  request_form: 'ms',
  privacy_consent: 'ms',
  patient_identity_card: 'fs',
  patient_health_card: 'fs',
  clinical_documentation: 'fs',
  referring_physician_report: 'fs',
  bank_transfer_copy: 'fs',
  representative_identity_card: 'fs',
  legal_representation_proof: 'ms',
  diagnostic_images: 'fp',
};
/** Un participio concordato con il documento: `agreed('patient_health_card', 'respint')` → "respinta". */
const agreed = (item: ChecklistItemId, stem: string) => `${stem}${{ ms: 'o', fs: 'a', fp: 'e' }[itemAgreement[item]]}`;

const status = {
  intake: 'In accettazione',
  ready: 'Da prendere in carico',
  in_review: 'In valutazione',
  awaiting_info: 'In attesa di informazioni',
  delivered: 'Consegnato',
  cancelled: 'Annullato',
} satisfies Record<CaseStatus, string>;

export const it: typeof en = {
  euro,
  percent,
  board: boardIt,
  mail: mailIt,
  /** Bank statements and transfers (SPEC section 11). */
  bank: bankIt,
  cli: cliIt,
  config: configIt,
  /** The morning DM and the pinned Today message (SPEC section 5). */
  myWork: myWorkIt,
  amountInput: plainAmount,
  decimal,
  dateFormat: 'd MMM yyyy',
  duration: {
    days: (n: number) => plural(n, 'giorno lavorativo', 'giorni lavorativi'),
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
    workingHours: (n: number) => `${n} h ${pluralForm(n, 'lavorativa', 'lavorative')}`,
    workingMinutes: (n: number) => `${n} min ${pluralForm(n, 'lavorativo', 'lavorativi')}`,
  },
  explain: {
    start: (at: string) => `Documentazione completa: ${at}; il conteggio parte subito.`,
    startLater: (at: string, from: string) => `Documentazione completa: ${at}; il conteggio parte alla prossima apertura, ${from}.`,
    closedDay: (date: string, reason: string) => `Chiuso, non conteggiato: ${date} (${reason}).`,
    pause: (from: string, to: string | null, excluded: string) =>
      to === null
        ? `Conteggio sospeso dal ${from}, in attesa di informazioni (finora ${excluded}).`
        : `Conteggio sospeso dal ${from} al ${to}: ${excluded} non conteggiati.`,
    stop: (at: string) => `Parere consegnato: ${at}.`,
    due: (at: string, target: string) => `Termine della risposta: ${at} (obiettivo: ${target}).`,
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
  } satisfies Record<DefaultPathologyArea, string>,
  closures: { 'San Siro': 'San Siro (patrono di Pavia)' },
  status,
  statusPaymentPending: (s: string) => `${s} · pagamento da confermare`,
  applicant: { patient: 'Paziente', representative: 'Rappresentante' },
  language: { it: 'Italiano', en: 'Inglese' },
  deliveryChannel: { email: 'E-mail', pec: 'PEC', courier: 'Corriere / posta', hand: 'A mano' },
  items,
  rejectionReasons: {
    illegible: 'illeggibile',
    wrong_language: 'lingua errata (serve italiano o inglese)',
    not_countersigned: 'non controfirmato',
    incomplete: 'incompleto',
    expired: 'scaduto',
    wrong_document: 'documento errato',
    other: 'altro motivo (registrato nella storia)',
  },
  /** Il motivo detto di un documento, concordato con esso: "Tessera sanitaria … (scaduta)", "Ultime immagini … (illeggibili)". */
  rejectionReason: (item: ChecklistItemId, reason: RejectionReason): string => {
    switch (reason) {
      case 'illegible':
        return itemAgreement[item] === 'fp' ? 'illeggibili' : 'illeggibile';
      case 'not_countersigned':
        return `non ${agreed(item, 'controfirmat')}`;
      case 'incomplete':
        return agreed(item, 'incomplet');
      case 'expired':
        return agreed(item, 'scadut');
      default:
        return it.rejectionReasons[reason];
    }
  },
  payment: {
    pending: (expected: number) => `Pagamento da confermare (attesi ${euro(expected)})`,
    confirmed: (received: number) => `Pagato ${euro(received)}`,
    mismatch_accepted: (received: number, expected: number) => `Pagato ${euro(received)} su ${euro(expected)} (differenza accettata)`,
  },
  sla: {
    notStarted: 'In attesa di documenti: il conteggio non è ancora partito',
    running: (due: string, remaining: string) => `ancora ${remaining} · termine ${due}`,
    dueSoon: (due: string, remaining: string) => `In scadenza: ancora ${remaining} · termine ${due}`,
    paused: (due: string, remaining: string) => `Sospeso, in attesa di informazioni · ancora ${remaining} (termine prima della sospensione: ${due})`,
    breached: (due: string, overdue: string) => `In ritardo di ${overdue} · termine ${due}`,
    dueNow: (due: string) => `In ritardo: il termine è adesso, ${due}`,
    stoppedMet: (at: string) => `Consegnato ${at}: nei tempi`,
    stoppedBreached: (at: string, overdue: string) => `Consegnato ${at}: in ritardo di ${overdue}`,
    met: (turnaround: string, target: string) => `Nei tempi: consegnato in ${turnaround} (obiettivo ${target})`,
    late: (turnaround: string, target: string) => `In ritardo: consegnato in ${turnaround} (obiettivo ${target})`,
    cancelled: 'Annullato: conteggio fermo',
  },
  card: {
    title: (reference: string) => `Seconda opinione ${reference}`,
    fallback: (reference: string, s: string) => `${reference}: ${s}`,
    holder: (user: string) => `in carico a ${user}`,
    nobody: 'non ancora preso in carico',
    imageReview: 'con revisione delle immagini',
    documents: (received: number, required: number) => `Documenti: ${received}/${required} ricevuti`,
    missing: 'Da ricevere',
    rejected: (item: ChecklistItemId, reason: string) => `${items[item]} (${agreed(item, 'respint')}: ${reason})`,
    complete: 'Documentazione completa',
    more: 'Altro',
    workingDays: (n: number) => `${decimal(n, Number.isInteger(n) ? 0 : 1)} ${pluralForm(n, 'giorno lavorativo', 'giorni lavorativi')}`,
  },
  actions: {
    claim: { label: 'Prendi in carico', who: 'I casi li prendono in carico i medici' },
    deliver: { label: 'Parere consegnato', who: 'Il parere lo segna consegnato il medico che ha in carico il caso' },
    info_received: { label: 'Informazioni ricevute', who: 'Le informazioni le registra il medico che ha in carico il caso, o un coordinatore' },
    request_info: { label: 'Chiedi informazioni', who: 'Le informazioni le chiede il medico che ha in carico il caso, o un coordinatore' },
    assign: { label: 'Assegna', who: 'I casi li assegnano i coordinatori' },
    record_documents: { label: 'Documenti', who: 'I documenti li registrano i coordinatori' },
    reject_document: { label: 'Respingi un documento', who: 'I documenti li respingono i coordinatori' },
    confirm_payment: { label: 'Conferma pagamento', who: 'I pagamenti li confermano i coordinatori' },
    record_transfer: { label: 'Abbina a un caso', who: 'I bonifici li abbinano ai casi i coordinatori' },
    release: { label: 'Rilascia', who: 'Il caso lo rilascia il medico che lo ha in carico, o un coordinatore' },
    request_consult: { label: 'Chiedi un consulto', who: 'Il consulto lo chiede il medico che ha in carico il caso, o un coordinatore' },
    view_details: { label: 'Dettagli', who: 'I dettagli li vedono coordinatori, medici, responsabili e amministratori' },
    cancel: { label: 'Annulla il caso', who: 'I casi li annullano i coordinatori' },
    claim_consult: { label: (area: string) => `Prendi in carico il consulto di ${area}`, who: "Il consulto lo prendono in carico i medici dell'area" },
    assign_consult: { label: (area: string) => `Assegna il consulto di ${area}`, who: 'Il consulto lo assegna il medico che ha in carico il caso, o un coordinatore' },
    answer_consult: { label: (area: string) => `Registra la risposta di ${area}`, who: 'La risposta la registra lo specialista del consulto, o un coordinatore per lui' },
    withdraw_consult: { label: (area: string) => `Ritira il consulto di ${area}`, who: 'Il consulto lo ritira il medico che ha in carico il caso, o un coordinatore' },
    erase_personal_data: { label: 'Cancella i dati personali', who: "I dati personali li cancella la procedura di conservazione o un amministratore" },
  },
  buttons: {
    openCase: 'Apri il caso',
    newCase: 'Nuovo caso',
  },
  more: (n: number) => `… e altri ${n}`,
  thread: {
    created: (by: string) => `${by} ha creato il caso.`,
    documentsReceived: (by: string, list: string) => `${by} ha registrato l'arrivo di: ${list}.`,
    documentsReceivedAt: (by: string, list: string, at: string) => `${by} ha registrato l'arrivo di: ${list} (arrivo: ${at}).`,
    documentRejected: (by: string, item: ChecklistItemId, reason: string) => `${by} ha respinto: ${items[item]} (${reason}).`,
    complete: (due: string) => `La documentazione è completa: parte il conteggio, termine della risposta ${due}.`,
    dueMoved: (due: string) => `Il termine della risposta ora è ${due}.`,
    paymentConfirmed: (by: string, amount: string) => `${by} ha confermato il pagamento di ${amount}.`,
    paymentMismatch: (by: string, amount: string, expected: string) =>
      `${by} ha accettato un pagamento di ${amount} invece di ${expected} (il motivo è nei Dettagli).`,
    ready: 'Da prendere in carico: si attende un medico.',
    claimed: (by: string) => `${by} ha preso in carico il caso.`,
    assigned: (by: string, to: string) => `${by} ha assegnato il caso a ${to}.`,
    released: (by: string) => `${by} ha rilasciato il caso: è di nuovo da prendere in carico.`,
    infoRequested: (by: string) => `${by} ha chiesto altre informazioni: il conteggio è sospeso.`,
    infoReceived: (by: string, due: string) => `${by} ha registrato le informazioni ricevute: il conteggio riprende, termine ${due}.`,
    infoReceivedAt: (by: string, at: string, due: string) =>
      `${by} ha registrato le informazioni ricevute (arrivate il ${at}): il conteggio riprende, termine ${due}.`,
    delivered: (by: string, outcome: string) => `${by} ha segnato il parere come consegnato (${outcome}).`,
    deliveredAt: (by: string, at: string, outcome: string) => `${by} ha segnato il parere come consegnato il ${at} (${outcome}).`,
    cancelled: (by: string) => `${by} ha annullato il caso (il motivo è nei Dettagli).`,
    detailsViewed: (by: string) => `${by} ha visto i dati personali.`,
    onTime: 'nei tempi',
    late: 'in ritardo',
    integration: 'Il modulo web',
  },
  modals: {
    submit: 'Salva',
    close: 'Chiudi',
    caseHeading: (reference: string, a: string, s: string) => `*${reference}* · ${a} · ${s}`,
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
      deliveryChannel: 'Come sono arrivati i documenti',
      notes: 'Note',
    },
    documents: {
      title: 'Documenti',
      state: 'Elenco dei documenti',
      missingItem: (item: ChecklistItemId) => `:white_circle: ${items[item]}: manca`,
      receivedItem: (item: ChecklistItemId, at: string) => `:white_check_mark: ${items[item]}: ${agreed(item, 'ricevut')} ${at}`,
      rejectedItem: (item: ChecklistItemId, reason: string) => `:x: ${items[item]}: ${agreed(item, 'respint')} (${reason})`,
      received: 'Documenti arrivati',
      receivedAt: 'Data e ora di arrivo',
      receivedAtHint: "Quando sono arrivati i documenti; può essere prima di adesso (un plico aperto stamattina).",
      reject: 'Documenti da respingere',
      rejectReason: 'Motivo del rifiuto',
      nothing: 'Spunta un documento arrivato o scegline uno da respingere.',
      reasonNeeded: 'Indica perché i documenti sono respinti.',
      correct: "Correggi la data di arrivo di",
      allReceived: 'Tutti i documenti richiesti sono arrivati.',
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
    requestInfo: { title: 'Chiedi informazioni', question: 'Cosa serve', hint: "Sospende il conteggio fino all'arrivo delle informazioni." },
    infoReceived: {
      title: 'Informazioni ricevute',
      at: 'Data e ora di arrivo',
      hint: 'Il conteggio riprende da questa data e ora.',
      question: (by: string, since: string) => `*Chieste da ${by} il ${since}:*`,
    },
    assign: {
      title: 'Assegna il caso',
      doctor: 'Medico',
      noDoctors: 'Nessun medico: un amministratore li aggiunge con `/so personale aggiungi @utente medico`.',
      option: (name: string, open: number, suggested: boolean) => `${name} · ${plural(open, 'caso aperto', 'casi aperti')}${suggested ? ' · consigliato' : ''}`,
      unnamed: (n: number) => `Medico ${n} (nome non registrato)`,
    },
    deliver: {
      title: 'Parere consegnato',
      submit: 'Conferma',
      confirm: (reference: string) => `Segnare come consegnato il parere di ${reference}? Il conteggio si ferma.`,
    },
    release: {
      title: 'Rilascia il caso',
      submit: 'Rilascia',
      confirm: (reference: string) => `Rilasciare ${reference}? Torna da prendere in carico; il conteggio continua.`,
    },
    cancel: { title: 'Annulla il caso', submit: 'Annulla il caso', reason: 'Motivo', confirm: (reference: string) => `Annullare ${reference}? Non si può tornare indietro.` },
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
      // La causale è quella della pagina pubblica del servizio: resta com'è scritta sull'estratto conto.
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
  guide: {
    choose: 'Scegli…',
    applicantName: 'ad es. Giulia Verdi',
    applicantEmail: 'ad es. giulia.verdi@example.org',
    patientName: 'ad es. Paolo Verdi',
    birthDate: 'ad es. 14 mar 1958',
    taxCode: 'ad es. VRDPLA58C14G388X',
    notes: 'ad es. Chiede della radioterapia proposta; inviato dal dott. Rossi',
    amount: 'ad es. 518,00',
    bankReference: 'ad es. CRO 0123456789012',
    mismatchReason: 'ad es. La banca ha trattenuto 2,00 € di commissione',
    question: "ad es. Il referto dell'ultima RM (ottobre 2026) e l'esame istologico",
    cancelReason: 'ad es. Doppione di SO-2026-0012',
    consultQuestion: 'ad es. La lesione della base cranica è nel campo del trattamento precedente?',
    withdrawReason: 'ad es. Risposta data alla riunione del collegio',
    courierTracking: 'ad es. 1Z999AA10123456784',
    cover: 'Un collega, o nessuno',
    date: 'ad es. 14 dic 2026',
    deliveredAt: 'Data e ora di consegna',
    deliveredAtHint: 'Quando il parere è partito per il paziente, ad es. ieri alle 17:00 con il corriere: adesso o prima, mai prima che la documentazione fosse completa.',
    courierTrackingLabel: 'Numero di spedizione del corriere',
    courierTrackingHint: 'Registrato con la consegna e mostrato nei Dettagli, mai in un canale.',
    covers: (a: string, present: string, away: string) =>
      `${present ? `Medici di ${a}: ${present}.` : `Nessun medico presente copre ${a}: scegline uno di un'altra area.`}${away ? ` Assenti: ${away}.` : ''}`,
    doctorOption: (name: string, areas: string, open: number, consultsHeld: number, away: boolean) =>
      `${name} · ${areas} · ${plural(open, 'caso aperto', 'casi aperti')}${consultsHeld > 0 ? ` · ${plural(consultsHeld, 'consulto', 'consulti')}` : ''}${away ? ' · assente' : ''}`,
    noArea: 'nessuna area',
  },
  commands: {
    help: {
      title: 'Comandi */so*:',
      new: '• `/so nuovo`: apre il modulo di un nuovo caso',
      status: '• `/so stato SO-2026-0001`: a che punto è un caso',
      list: '• `/so elenco [miei|liberi|inscadenza|inritardo|sospesi|accettazione]`: i casi aperti',
      when: '• `/so quando [04/12/2026 16:00]`: se la documentazione è completa allora, qual è il termine della risposta?',
      digest: '• `/so riepilogo`: il riepilogo dei tempi di risposta adesso',
      report: '• `/so rapporto [2026-11 | 2026-11-01 2026-11-30]`: il rapporto dei tempi di risposta di un periodo, con CSV e grafico',
      away: '• `/so assente 14/12/2026 18/12/2026 [@sostituto]`, `/so rientro`: registra un\'assenza (i due giorni compresi), la chiude',
      staff:
        '• `/so personale aggiungi @utente <coordinatore|medico|responsabile|amministratore> [aree]`, `/so personale togli @utente <ruolo>`, `/so personale elenco`: chi fa cosa; le aree come `testa-e-collo`, `radiologia`',
      help: '• `/so aiuto`: questo testo',
      otherWords: 'Funzionano anche i comandi in inglese.',
      noRole: 'Non hai ancora un ruolo in opinion-desk: te lo dà un amministratore con `/so personale aggiungi`.',
    },
    words: {
      new: ['nuovo'],
      status: ['stato'],
      list: ['lista', 'elenco'],
      digest: ['riepilogo'],
      report: ['rapporto'],
      when: ['quando'],
      away: ['assenza', 'assente'],
      back: ['rientro'],
      staff: ['personale'],
      help: ['aiuto'],
    },
    filterWords: {
      all: ['tutti'],
      mine: ['miei'],
      unassigned: ['nonassegnati', 'liberi'],
      due: ['scadenza', 'inscadenza'],
      breached: ['scaduti', 'ritardo', 'inritardo'],
      paused: ['inpausa', 'pausa', 'sospesi'],
      intake: ['accettazione'],
    },
    unknownCommand: (typed: string, suggestion: string | null) =>
      `Comando sconosciuto \`${typed}\`${suggestion ? `: forse intendevi \`/so ${suggestion}\`?` : '.'}`,
    unknownFilter: (typed: string, suggestion: string | null, all: string) =>
      `Filtro sconosciuto \`${typed}\`${suggestion ? `: forse intendevi \`${suggestion}\`?` : '.'} Filtri: ${all}.`,
    unknownCase: (reference: string) => `Non esiste il caso ${reference}.`,
    statusUsage: 'Indica il caso: `/so stato SO-2026-0001`.',
    listTitle: (filter: string, n: number) => `*${plural(n, 'caso aperto', 'casi aperti')}* (${filter})`,
    listEmpty: (filter: string) => `Nessun caso aperto (${filter}).`,
    filters: {
      all: 'tutti',
      mine: 'miei',
      unassigned: 'da prendere in carico',
      due: 'in scadenza entro 1 giorno lavorativo',
      breached: 'in ritardo',
      paused: 'sospesi',
      intake: 'in accettazione',
    },
    when: (complete: string, due: string) => `Documentazione completa ${complete} → termine della risposta *${due}*.`,
    whenCountsFrom: (from: string) => `Il conteggio parte alla prossima apertura, ${from}.`,
    whenClosures: 'Giorni di chiusura nel periodo (oltre ai fine settimana):',
    whenNoClosures: 'Nessuna festività nel periodo; i fine settimana non contano.',
    whenTarget: (target: string) => `Obiettivo: ${target}.`,
    badWhen: "Scrivi data e ora come GG/MM/AAAA HH:mm o AAAA-MM-GG HH:mm (o solo la data), ad es. `/so quando 04/12/2026 16:00`.",
    whenOutOfRange: 'Indica una data entro due anni da oggi, ad es. `/so quando 04/12/2026 16:00`.',
    staffAdded: (user: string, role: string, areas: string) => `${user} ora è ${role}${areas ? ` (${areas})` : ''}.`,
    staffRemoved: (user: string, role: string) => `${user} non è più ${role}.`,
    staffUsage: 'Usa `/so personale aggiungi @utente <ruolo> [aree]`, `/so personale togli @utente <ruolo>` o `/so personale elenco`.',
    staffVerbs: { add: ['aggiungi'], remove: ['togli', 'rimuovi'], list: ['elenco', 'lista'] },
    staffEmpty: 'Ancora nessuno.',
    staffLine: (user: string, role: string, areas: string) => `• ${user}: ${role}${areas ? ` (${areas})` : ''}`,
  },
  digest: {
    title: (date: string) => `Riepilogo dei tempi di risposta · ${date}`,
    fallback: (breached: number, dueSoon: number) => `Riepilogo: ${breached} in ritardo, ${dueSoon} in scadenza entro 1 giorno lavorativo`,
    breached: 'In ritardo',
    dueSoon: 'In scadenza entro 1 giorno lavorativo',
    unassigned: 'Da prendere in carico',
    pausedLongest: 'Sospesi da più tempo',
    pausedSince: (since: string) => `sospeso dal ${since}`,
    since: (from: string, created: number, delivered: number) =>
      `Dal riepilogo precedente (${from}): ${plural(created, 'nuovo', 'nuovi')}, ${plural(delivered, 'consegnato', 'consegnati')}.`,
    paymentPending: (n: number) => `${plural(n, 'caso', 'casi')} in valutazione o da prendere in carico con il pagamento da confermare (nessuna consegna prima della conferma)`,
    last30: (delivered: number, rate: string, median: string) =>
      `Ultimi 30 giorni: ${plural(delivered, 'consegnato', 'consegnati')} · nei tempi ${rate} · tempo di risposta mediano ${median}.`,
    perDoctor: 'Casi aperti per medico',
    none: 'Nessuno.',
    notAvailable: 'n/d',
    workingDays: (n: number) => `${decimal(n, 1)} giorni lavorativi`,
  },
  report: {
    title: (from: string, to: string) => `Rapporto dei tempi di risposta · ${from} – ${to}`,
    fallback: (from: string, to: string, delivered: number, rate: string) =>
      `Rapporto dei tempi di risposta ${from} – ${to}: ${plural(delivered, 'consegnato', 'consegnati')}, nei tempi ${rate}`,
    delivered: (n: number, rate: string) => `*${n}* ${pluralForm(n, 'consegnato', 'consegnati')} · nei tempi *${rate}*`,
    turnaround: (median: string, p90: string) => `Tempi di risposta, in tempo lavorativo: mediana ${median} · 90° percentile ${p90}`,
    paused: (n: number, hours: string) => `Sospensioni: ${n}, per ${hours} ore lavorative`,
    openNow: (open: number, breached: number) => `Aperti ora: ${open} · in ritardo ora: ${breached}`,
    byArea: 'Per area patologica',
    byDoctor: 'Per medico',
    line: (name: string, delivered: number, rate: string, median: string, open: number, breached: number) =>
      `${name}: ${plural(delivered, 'consegnato', 'consegnati')}, nei tempi ${rate}, mediana ${median} · aperti: ${open}, in ritardo: ${breached}`,
    none: 'Niente da riportare.',
    notAvailable: 'n/d',
    workingDays: (n: number) => `${decimal(n, 1)} giorni lavorativi`,
    hours: (n: number) => decimal(n, 1),
    files: 'Il CSV e il grafico delle ultime 12 settimane seguono tra un momento.',
    filesDm: 'Il CSV e il grafico delle ultime 12 settimane ti arrivano in messaggio diretto.',
    csvComment: (from: string, to: string) => `Rapporto dei tempi di risposta ${from} – ${to} (CSV: una riga per il periodo, una per area e una per medico)`,
    csvFilename: (fromIso: string, toIso: string) => `rapporto-tempi-di-risposta-${fromIso}-${toIso}.csv`,
    usage: 'Usa `/so rapporto` (questo mese), `/so rapporto 2026-11` o `/so rapporto 2026-11-01 2026-11-30`.',
    periodProblems: {
      bad_month: 'Un mese si scrive come 2026-11.',
      bad_date: 'Le date si scrivono come 2026-11-30.',
      only_one_bound: 'Indica un mese, oppure due date (dal e al).',
      ends_before_start: 'Il periodo finisce prima di iniziare.',
      too_long: 'Un rapporto copre al massimo tre anni.',
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
    comment: (from: string, to: string) => `Tempi di risposta delle ultime 12 settimane (${from} – ${to})`,
    filename: (toDate: string) => `tempi-di-risposta-12-settimane-${toDate}.png`,
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
  // Un membro dello staff a cui è stato tolto il ruolo mentre ha ancora casi (issue 16).
  staffGone: {
    stillHolds: (user: string, count: number) =>
      `${user} ha ancora ${plural(count, 'caso aperto', 'casi aperti')}: ${pluralForm(count, 'riassegnalo', 'riassegnali')}; fino ad allora i suoi promemoria vanno ai coordinatori.`,
    reminder: (user: string, text: string) => `${text} (per ${user}, che non ha più il ruolo di medico: riassegna il caso)`,
  },
  errors: {
    unexpected: 'Qualcosa è andato storto: riprova tra poco.',
    notSaved: 'Il modulo non è stato salvato: nulla è stato modificato. Riprova tra poco; se continua a non riuscire, avvisa il servizio informatico.',
    formDidNotOpen: 'Il modulo non si è aperto: Slack non ha risposto in tempo. Nulla è stato modificato; riprova.',
  },
  /** Raggiungere chi deve agire (SPEC sezione 5): ciò che chiede a qualcuno di agire, detto per lui. */
  snooze: {
    menu: 'Rimanda',
    choices: { working_hour: 'Rimanda di 1 h lavorativa', next_opening: 'Rimanda alla prossima apertura' },
    snoozed: (until: string) => `:zzz: Promemoria rimandato a ${until}: te lo ricorderemo allora.`,
    untilDue: (until: string) => `:zzz: Promemoria rimandato a ${until}, il termine: te lo ricorderemo allora.`,
  },
  reach: {
    consultQuestion: 'La domanda',
    consultRequested: (ref: string, area: string, due: string) =>
      `:stethoscope: ${ref}: è richiesto un consulto di ${area}, entro ${due}. Prendilo in carico per leggere la domanda (nella Home dell'app e nel modulo di risposta).`,
    /** Il consulto della revisione delle immagini non ha una domanda scritta: si dice che cosa chiede. */
    imageReviewRequested: (ref: string, area: string, due: string) =>
      `:stethoscope: ${ref}: è richiesto un consulto di ${area} per il nuovo referto delle immagini (revisione delle immagini), entro ${due}.`,
    imageReviewQuestion: 'Un nuovo referto delle immagini diagnostiche (revisione delle immagini).',
    /** Il messaggio che offriva la presa in carico, riscritto quando il consulto è di qualcuno (o ritirato): senza pulsante. */
    consultClaimedBy: (ref: string, area: string, by: string) => `:stethoscope: ${ref}: il consulto di ${area} è stato preso in carico da ${by}.`,
    consultAssignedTo: (ref: string, area: string, to: string) => `:stethoscope: ${ref}: il consulto di ${area} è stato assegnato a ${to}.`,
    consultWithdrawn: (ref: string, area: string) => `:stethoscope: ${ref}: il consulto di ${area} è stato ritirato.`,
    /** Un solo messaggio per più casi della stessa persona alla stessa soglia: la prima riga, poi una riga per caso. */
    grouped: (n: number, what: string) => `Hai ${plural(n, 'caso', 'casi')} con lo stesso termine${what ? `: ${what}` : ':'}`,
    /** Avvisi ai responsabili: chi ha il caso e che cosa lo trattiene. */
    cause: {
      heldBy: (name: string) => `in carico a ${name}`,
      nobody: 'non ancora preso in carico',
      awaitingInfo: (since: string) => `bloccato: in attesa di informazioni dal ${since}`,
      consult: (area: string) => `in attesa del consulto di ${area}`,
      paymentSince: (since: string) => `bloccato: pagamento da confermare dal ${since}`,
      payment: 'bloccato: pagamento da confermare',
      documents: 'bloccato: documenti mancanti',
    },
    sla: {
      imminent: (due: string, remaining: string) => `Termine imminente: ancora ${remaining} · termine ${due}`,
    },
    /** La prima riga della scheda: lo stato in poche parole, tra il riferimento e chi ha il caso. */
    headline: {
      notStarted: 'in attesa di documenti',
      running: (left: string) => `ancora ${left}`,
      dueSoon: (left: string) => `in scadenza: ancora ${left}`,
      imminent: (left: string) => `termine imminente: ancora ${left}`,
      breached: (overdue: string) => `in ritardo di ${overdue}`,
      dueNow: 'in ritardo: il termine è adesso',
      paused: (left: string) => `sospeso, ancora ${left}`,
      met: 'consegnato nei tempi',
      late: 'consegnato in ritardo',
      cancelled: 'annullato',
    },
    infoRequested: (ref: string, by: string) =>
      `:telephone_receiver: ${ref}: ${by} ha chiesto altre informazioni e il conteggio del tempo lavorativo è sospeso finché non arrivano. Contattare il richiedente (la domanda è nei Dettagli).`,
  },
  notify: {
    unclaimed: (ref: string, since: string) => `:hourglass: ${ref} è da prendere in carico dal ${since}: prendilo in carico, oppure un coordinatore lo assegna.`,
    unclaimedEscalation: (ref: string, since: string, due: string) => `:warning: ${ref} attende la presa in carico dal ${since}; termine della risposta ${due}.`,
    unclaimedEscalationOverdue: (ref: string, since: string, due: string, overdue: string) =>
      `:warning: ${ref} attende la presa in carico dal ${since}; il termine era ${due}: in ritardo di ${overdue}.`,
    dueSoon: (ref: string, due: string, left: string) => `:alarm_clock: ${ref}: termine ${due} (ancora ${left}).`,
    dueImminent: (ref: string, due: string, left: string) => `:alarm_clock: ${ref}: termine imminente, ${due} (ancora ${left}).`,
    breached: (ref: string, due: string, overdue: string) => `:rotating_light: ${ref} è in ritardo di ${overdue} (termine ${due}).`,
    awaitingInfo: (ref: string, since: string, by: string, waited: string) =>
      `:mailbox_with_no_mail: ${ref} attende da ${waited} (dal ${since}) le informazioni chieste da ${by}: sollecitare il richiedente (la domanda è nei Dettagli).`,
    intakeStale: (ref: string, missing: number, age: string) =>
      `:file_folder: a ${ref} ${pluralForm(missing, 'manca', 'mancano')} ancora ${plural(missing, 'documento richiesto', 'documenti richiesti')}, ${age} dopo la creazione.`,
    paymentPending: (ref: string, since: string, waited: string, reviewUnderWay: boolean) =>
      `:bank: ${ref}: pagamento ancora da confermare a ${waited} dall'arrivo della copia del bonifico (${since})${reviewUnderWay ? '; il parere non può essere consegnato prima della conferma' : ''}.`,
    holder: (user: string) => `in carico a ${user}`,
  },
  home: {
    title: 'Seconda opinione',
    noRole: 'Non hai ancora un ruolo in opinion-desk: chiedilo a un amministratore (`/so personale aggiungi`).',
    doctorHeader: 'I miei casi, per termine',
    doctorEmpty: 'Nessun caso in carico a te.',
    claimable: 'Da prendere in carico nelle mie aree',
    claimableEmpty: 'Nessun caso delle tue aree è da prendere in carico.',
    pendingQuestion: (question: string) => `La tua domanda: _${question}_`,
    intake: 'In accettazione: in attesa di documenti',
    waitingDocuments: 'In attesa di documenti',
    waitingPayment: 'Pagamento da confermare',
    waitingAssignment: 'Da prendere in carico',
    toChase: 'Da sollecitare: in attesa di informazioni',
    chaseLine: (since: string, by: string) => `in attesa dal ${since}, chieste da ${by}`,
    none: 'Nessuno.',
    managerHeader: 'Tempi di risposta',
    breached: 'In ritardo',
    dueSoon: 'In scadenza entro 1 giorno lavorativo',
    counts: (open: number, breached: number, dueSoon: number, paused: number) =>
      `${plural(open, 'aperto', 'aperti')} · ${breached} in ritardo · ${dueSoon} in scadenza entro 1 giorno lavorativo · ${plural(paused, 'sospeso', 'sospesi')}`,
    caseLine: (reference: string, a: string, s: string, sla: string) => `${reference} · ${a} · ${s} · ${sla}`,
    holder: (user: string) => `in carico a ${user}`,
    unassigned: 'non ancora preso in carico',
  },
  hints: {
    use: (button: string) => `usa ${button}`,
    instead: (use: string) => `In alternativa: ${use}.`,
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
      case 'not_an_object':
        return 'Il corpo della richiesta deve essere un oggetto JSON.';
    }
  },
  /** `area` names a specialist area by its label (configured areas carry their own: see area-labels.ts). */
  refusal: (r: RefusalReason, area: (id: string) => string): string => {
    switch (r.key) {
      case 'needs_role':
        return `Serve il ruolo di ${peopleRoles(r.roles).join(' o ')}.`;
      case 'holder_only':
        return 'Solo il medico che ha in carico il caso, o un coordinatore, può farlo.';
      case 'already_held':
        return `Il caso è già in carico a <@${r.holder}>.`;
      case 'wrong_state':
        return `Non possibile mentre il caso è ${statePhrase[r.status]}.`;
      case 'required':
        return { reason: 'Serve un motivo.', question: 'Scrivi cosa serve.', bank_reference: 'Serve il riferimento bancario.' }[r.what];
      case 'invalid_instant':
        return 'Data e ora non valide.';
      case 'future_instant':
        return 'Non può essere nel futuro.';
      case 'bad_text':
        return it.fieldProblem(r.problem);
      case 'too_early_instant':
        return 'È più di un anno prima della creazione del caso.';
      case 'unknown_item':
        return `Documento sconosciuto ${r.item}.`;
      case 'duplicate_item':
        return `Il documento ${r.item} compare due volte.`;
      case 'docs_complete':
        return "La documentazione è completa: si può solo correggere la data di arrivo di un documento ricevuto.";
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
      case 'delivered_too_early':
        return "Il parere non può essere stato consegnato prima che la documentazione fosse completa, né prima dell'arrivo delle informazioni chieste.";
      case 'unpaid_delivery':
        return 'Il parere non può essere consegnato finché il pagamento è da confermare.';
      case 'not_found':
        return `Nessun caso ${r.reference}.`;
      case 'idempotency_conflict':
        return 'Questa chiave di idempotenza o externalId è già stata usata per una richiesta diversa.';
      case 'erased_case_request':
        return 'Questa chiave di idempotenza o externalId appartiene a un caso i cui dati personali sono stati cancellati: non si può usare di nuovo.';
      case 'role_not_held':
        return `Questa persona non ha il ruolo di ${roleName(r.role)}.`;
      case 'unknown_staff_area':
        return `Area sconosciuta ${r.area}; aree: ${r.areas.map((a) => typedWord(area(a))).join(', ')}.`;
      case 'absence_range':
        return "Un'assenza finisce dopo l'inizio e dura meno di un anno.";
      case 'reminder_over':
        return 'Non c’è più niente da rimandare: il caso è andato avanti dopo questo promemoria.';
      case 'inbox_item_gone':
        return 'Già gestito (da te o da un altro coordinatore): non resta niente da fare.';
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
        return 'Un consulto si può chiedere quando la documentazione è completa (il conteggio è partito).';
      case 'consult_deadline_past':
        return 'Il termine deve essere nel futuro.';
      case 'consult_after_case_due':
        return 'Il termine di un consulto non può venire dopo quello del caso.';
      case 'consult_held':
        return `Il consulto di ${area(r.area)} è già in carico a <@${r.holder}>.`;
      case 'not_in_area':
        return `Solo un medico dell'area ${area(r.area)} può prendere in carico questo consulto.`;
      case 'consult_unclaimed':
        return `Il consulto di ${area(r.area)} non è ancora preso in carico: prendilo in carico o assegnalo prima.`;
      case 'consult_pending':
        return `Il parere non può essere consegnato finché il consulto di ${area(r.area)} è ${boardIt.consultState[r.state]}: attendi la risposta o ritiralo (con un motivo).`;
      case 'self_cover':
        return 'Nessuno può sostituire sé stesso: indica un collega, o nessuno (sostituiscono i coordinatori).';
    }
  },
};
