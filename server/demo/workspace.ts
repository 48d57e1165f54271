import type { DeclarationDraft } from '../../shared/editor/content.js';
import type { NumberingStyle } from '../../shared/labels.js';
import type { DocumentRole, WorkspaceRole } from '../../shared/api/schemas.js';

/**
 * The demo workspace: ASEAN delegations, their people, and two drafts drawn from real meetings on
 * preventing violent extremism (the ASEAN-UN Regional Dialogue on Women, Peace and Security, Kuala
 * Lumpur, December 2017; UNODC's consultations on a network of PVE practitioners, March 2022).
 * Plain data only: server/demo/seed.ts writes it through the repos and services the API uses.
 */

/** One password for every demo account, printed with them; long enough for the sign-up rules. */
export const DEMO_PASSWORD = 'accord-demo-2026';

export type DelegationCode = 'MYS' | 'IDN' | 'PHL' | 'THA' | 'VNM' | 'SGP';

export interface DemoDelegation {
  code: DelegationCode;
  name: string;
  /** Shown as text and highlights on white: each has a contrast ratio of at least 4.5:1 against #ffffff. */
  color: string;
}

export type AccountKey =
  | 'secretariat'
  | 'archivist'
  | 'chairPHL'
  | 'delegateMYS'
  | 'delegateIDN'
  | 'delegateTHA'
  | 'delegateVNM'
  | 'delegateSGP'
  | 'observerUNW'
  | 'observerUNODC';

export interface DemoAccount {
  key: AccountKey;
  name: string;
  email: string;
  delegation: DelegationCode | null;
  workspaceRole: WorkspaceRole | null;
  /** Where this person works; printed for those who belong to no delegation. */
  organisation: string;
}

export interface DemoDocument {
  /** A short handle for the printed table. */
  key: string;
  title: string;
  symbol: string;
  venue: string;
  /** The venue's IANA time zone and the organisation whose text it is. */
  timeZone: string;
  organisation: string;
  startsOn: string;
  endsOn: string;
  numbering: NumberingStyle;
  draft: DeclarationDraft;
  members: ReadonlyArray<{ account: AccountKey; role: DocumentRole }>;
}

export const delegations: readonly DemoDelegation[] = [
  { code: 'MYS', name: 'Malaysia', color: '#1d4ed8' },
  { code: 'IDN', name: 'Indonesia', color: '#b91c1c' },
  { code: 'PHL', name: 'Philippines', color: '#7e22ce' },
  { code: 'THA', name: 'Thailand', color: '#0f766e' },
  { code: 'VNM', name: 'Viet Nam', color: '#a16207' },
  { code: 'SGP', name: 'Singapore', color: '#be185d' },
];

export const accounts: readonly DemoAccount[] = [
  {
    key: 'secretariat',
    name: 'Rahimah Abdul Rahman',
    email: 'secretariat@asean.example',
    delegation: null,
    workspaceRole: 'secretariat',
    organisation: 'ASEAN Secretariat',
  },
  {
    key: 'archivist',
    name: 'Thida Win',
    email: 'archivist@asean.example',
    delegation: null,
    workspaceRole: 'archivist',
    organisation: 'ASEAN Secretariat',
  },
  {
    key: 'chairPHL',
    name: 'Maria Teresa Villanueva',
    email: 'teresa.villanueva@phl.example',
    delegation: 'PHL',
    workspaceRole: null,
    organisation: 'Department of Foreign Affairs',
  },
  {
    key: 'delegateMYS',
    name: 'Nurul Aina Hashim',
    email: 'nurul.hashim@mys.example',
    delegation: 'MYS',
    workspaceRole: null,
    organisation: 'Ministry of Foreign Affairs',
  },
  {
    key: 'delegateIDN',
    name: 'Budi Santoso',
    email: 'budi.santoso@idn.example',
    delegation: 'IDN',
    workspaceRole: null,
    organisation: 'National Counter-Terrorism Agency (BNPT)',
  },
  {
    key: 'delegateTHA',
    name: 'Siriporn Chaiyasit',
    email: 'siriporn.chaiyasit@tha.example',
    delegation: 'THA',
    workspaceRole: null,
    organisation: 'Ministry of Foreign Affairs',
  },
  {
    key: 'delegateVNM',
    name: 'Nguyen Thi Lan',
    email: 'lan.nguyen@vnm.example',
    delegation: 'VNM',
    workspaceRole: null,
    organisation: 'Ministry of Public Security',
  },
  {
    key: 'delegateSGP',
    name: 'Daniel Tan Wei Ming',
    email: 'daniel.tan@sgp.example',
    delegation: 'SGP',
    workspaceRole: null,
    organisation: 'Ministry of Home Affairs',
  },
  {
    key: 'observerUNW',
    name: 'Hannah Lindqvist',
    email: 'hannah.lindqvist@unwomen.example',
    delegation: null,
    workspaceRole: null,
    organisation: 'UN Women',
  },
  {
    key: 'observerUNODC',
    name: 'Kenji Morita',
    email: 'kenji.morita@unodc.example',
    delegation: null,
    workspaceRole: null,
    organisation: 'UNODC',
  },
];

/** The secretariat account creates every document. */
export const CREATED_BY: AccountKey = 'secretariat';

const womenPeaceAndSecurity: DemoDocument = {
  key: 'WPS',
  title:
    'Joint Statement of the ASEAN-UN Regional Dialogue on Women, Peace and Security: The Role of Women in the Prevention of Violent Extremism',
  symbol: 'ASEAN/PVE/2017/L.1',
  venue: 'Kuala Lumpur',
  timeZone: 'Asia/Kuala_Lumpur',
  organisation: 'asean',
  startsOn: '2017-12-06',
  endsOn: '2017-12-07',
  numbering: 'all',
  draft: {
    title:
      'Joint Statement of the ASEAN-UN Regional Dialogue on Women, Peace and Security: The Role of Women in the Prevention of Violent Extremism',
    formula:
      'We, the participants of the ASEAN-UN Regional Dialogue on Women, Peace and Security, senior officials of the ASEAN Member States, the ASEAN Secretariat and the United Nations, meeting in Kuala Lumpur on 6-7 December 2017, ',
    preambular: [
      {
        lead: 'Recalling',
        text: 'the Joint Statement on Promoting Women, Peace and Security in ASEAN and the ASEAN Declaration on Culture of Prevention for a Peaceful, Inclusive, Resilient, Healthy and Harmonious Society, adopted by the Leaders at the 31st ASEAN Summit in November 2017;',
      },
      {
        lead: 'Recalling also',
        text: 'the Manila Declaration to Counter the Rise of Radicalisation and Violent Extremism, adopted by the ASEAN Ministerial Meeting on Transnational Crime in September 2017;',
      },
      {
        lead: 'Reaffirming',
        text: 'our commitment to United Nations Security Council resolution 1325 (2000) on women, peace and security and its subsequent resolutions, including resolution 2242 (2015), which calls for the greater integration of the women, peace and security agenda into efforts to counter terrorism and violent extremism;',
      },
      {
        lead: 'Taking note of',
        text: "the United Nations Secretary-General's Plan of Action to Prevent Violent Extremism of January 2016, which calls upon Member States to develop National Action Plans to address the underlying conditions that drive individuals to violent extremism and terrorism;",
      },
      {
        lead: 'Noting with concern',
        text: 'that violent extremism has grown to be multifaceted and has infiltrated different sectors of society, and that violent extremist and terrorist groups exploit the Internet and social media to recruit women and youth;',
      },
      {
        lead: 'Recognising',
        text: 'the crucial role of women as leaders, educators, community mobilisers and first responders in preventing the rise and spread of violent extremism, and that policies and initiatives to prevent violent extremism are more effective when they are gender sensitive;',
      },
      {
        lead: 'Acknowledging',
        text: 'the need to develop a culture of prevention in ASEAN, including the promotion of value-based education as a means of instilling respect for life and diversity as well as values of tolerance, non-violence and mutual understanding;',
      },
      {
        lead: 'Mindful',
        text: 'that counter-terrorism policies and practices which do not account properly for human rights safeguards risk creating more violent extremism, and that measures to prevent violent extremism must be in line with international human rights and rule of law standards;',
      },
      {
        lead: 'Welcoming',
        text: 'the co-organisation of this Dialogue by the Ministry of Foreign Affairs Malaysia, the United Nations and the Institute of Strategic and International Studies (ISIS) Malaysia, and the participation of experts from ASEAN research institutes and civil society;',
      },
    ],
    operative: [
      {
        lead: 'Encourage',
        text: 'ASEAN Member States to integrate a gender perspective into national and regional policies and initiatives to prevent violent extremism, and to ensure the full, equal and meaningful participation of women in their design, implementation, monitoring and evaluation;',
      },
      {
        lead: 'Call upon',
        text: 'the ASEAN Senior Officials Meeting on Transnational Crime (SOMTC) to take into account the recommendations of this Dialogue in developing an ASEAN Regional Plan of Action to Prevent Violent Extremism, including on:',
        subclauses: [
          "the role of women and women's organisations in early warning, community resilience and the prevention of recruitment;",
          'the rehabilitation and reintegration of former violent extremists, with due regard to the specific needs of women and children; and',
          'value-based education, life skills and livelihood opportunities that build the resilience of women and youth against violent extremist narratives;',
        ],
      },
      {
        lead: 'Stress',
        text: "the importance of a whole-of-society approach to preventing violent extremism, and of closer dialogue among governments, civil society, academia, religious and community leaders, women's groups and youth;",
      },
      {
        lead: 'Commit to',
        text: 'promote value-based education and a culture of prevention that instil respect for life and diversity and the values of tolerance, non-violence and mutual understanding;',
      },
      {
        lead: 'Support',
        text: "the exchange of good practices and lessons learned among ASEAN Member States in developing and implementing National Action Plans to Prevent Violent Extremism, in line with the Secretary-General's Plan of Action;",
      },
      {
        lead: 'Request',
        text: 'the ASEAN Secretariat, in cooperation with UN Women, the United Nations Office on Drugs and Crime (UNODC) and other relevant United Nations entities, to identify concrete collaborative activities between ASEAN and the United Nations on women, peace and security and the prevention of violent extremism, and to report on their progress to the SOMTC;',
      },
      {
        lead: 'Underline',
        text: 'that all measures to prevent and counter violent extremism shall comply with obligations under international law, in particular international human rights law, and respect the rule of law;',
      },
      {
        lead: 'Decide',
        text: 'to convene a follow-up ASEAN-UN Regional Dialogue on Women, Peace and Security in 2018 to review progress in the implementation of this Joint Statement;',
      },
      {
        lead: 'Express',
        text: 'our appreciation to the Government of Malaysia for hosting this Dialogue and for the warm hospitality extended to all participants.',
      },
    ],
  },
  members: [
    { account: 'chairPHL', role: 'chair' },
    { account: 'delegateMYS', role: 'delegate' },
    { account: 'delegateIDN', role: 'delegate' },
    { account: 'delegateTHA', role: 'delegate' },
    { account: 'delegateVNM', role: 'delegate' },
    { account: 'delegateSGP', role: 'delegate' },
    { account: 'observerUNW', role: 'observer' },
    { account: 'observerUNODC', role: 'observer' },
  ],
};

/** Smaller, UN style, chaired by Indonesia; Viet Nam and Singapore are not members, so cannot open it. */
const practitionersNetwork: DemoDocument = {
  key: 'PWG',
  title: 'Outcome Statement of the Second Consultation Meeting on the Preparatory Working Group of PVE Practitioners of South-East Asia',
  symbol: 'UNODC/PWG-PVE/2022/L.1',
  venue: 'Jakarta',
  timeZone: 'Asia/Jakarta',
  organisation: 'un',
  startsOn: '2022-03-21',
  endsOn: '2022-03-22',
  numbering: 'un',
  draft: {
    title: 'Outcome Statement of the Second Consultation Meeting on the Preparatory Working Group of PVE Practitioners of South-East Asia',
    formula:
      'The participants in the second consultation meeting, convened by the United Nations Office on Drugs and Crime together with the National Counter-Terrorism Agency of Indonesia (BNPT),',
    preambular: [
      {
        lead: 'Recalling',
        text: "the United Nations Secretary-General's Plan of Action to Prevent Violent Extremism, which called for Member States to further develop national strategies to prevent violent extremism while also enhancing cooperation at the regional level,",
      },
      {
        lead: 'Noting with concern',
        text: 'that the risks of violent extremism have continued to increase since the outbreak of the COVID-19 pandemic, amplified by the exploitation of the Internet and social media by violent extremist and terrorist groups,',
      },
      {
        lead: 'Recalling also',
        text: 'the first consultation meeting, held in September 2021 at the request of participating South-East Asian countries,',
      },
      {
        lead: 'Bearing in mind',
        text: 'the UNODC Regional Programme for Southeast Asia and the Pacific (2022-2026) and Sustainable Development Goal 16 on peaceful and inclusive societies,',
      },
    ],
    operative: [
      {
        lead: 'Welcomes',
        text: 'the initiation of Phase I of the Preparatory Working Group of PVE Practitioners of South-East Asia (PWG-PVE) as a platform for facilitating regional cooperation and the sharing of knowledge and good practices;',
      },
      {
        lead: 'Agrees',
        text: 'on a temporary advisory board structure for the Preparatory Working Group, pending the establishment of a full-fledged regional PVE network;',
      },
      {
        lead: 'Encourages',
        text: 'participating countries to promote, in their national and regional strategies to prevent violent extremism:',
        subclauses: [
          'a whole-of-society approach;',
          'multi-disciplinary and multi-agency coordination; and',
          'peer-to-peer learning among PVE practitioners;',
        ],
      },
      {
        lead: 'Requests',
        text: 'UNODC to continue its technical support to the Preparatory Working Group and to report on progress at the third consultation meeting;',
      },
      {
        lead: 'Expresses',
        text: 'its appreciation to the Government of Japan for funding this activity.',
      },
    ],
  },
  members: [
    { account: 'delegateIDN', role: 'chair' },
    { account: 'delegateMYS', role: 'delegate' },
    { account: 'chairPHL', role: 'delegate' },
    { account: 'delegateTHA', role: 'delegate' },
    { account: 'observerUNODC', role: 'observer' },
  ],
};

export const documents: readonly DemoDocument[] = [womenPeaceAndSecurity, practitionersNetwork];
