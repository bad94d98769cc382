// Invented names and places. Surnames and street names are made up so a test
// can grep any derived file for them: if one turns up after de-identification,
// an identifier leaked. Nothing here overlaps with program or site names.

export const FAKE_FIRST_NAMES = [
  'Alondra', 'Bexley', 'Caspian', 'Delphine', 'Ezrah', 'Florentine', 'Gideona', 'Hollis',
  'Ione', 'Jarrah', 'Kestrel', 'Lysander', 'Marisol', 'Nevada', 'Oriel', 'Peregrine',
  'Quinlan', 'Rosalind', 'Saffron', 'Tamsin', 'Ulric', 'Vesper', 'Wrenna', 'Xanthe',
  'Yarrow', 'Zephyrine', 'Anselm', 'Briony', 'Corvin', 'Dorian', 'Elowen', 'Fennick',
  'Galena', 'Hawthorn', 'Isolde', 'Juniper', 'Kalinda', 'Leopold', 'Marigold', 'Niamh',
] as const;

export const FAKE_LAST_NAMES = [
  'Quillfeather', 'Marrowby', 'Thistlewood', 'Brannagh', 'Okonkwell', 'Vantrease', 'Pellinore', 'Ashcombe',
  'Drummelow', 'Fairweathers', 'Grimsditch', 'Hollowell', 'Ivorsen', 'Jessamyn', 'Kettleborough', 'Larkspurr',
  'Mossgrove', 'Nethercott', 'Osterhaut', 'Pendragonne', 'Quayleford', 'Rookwood', 'Stonebridger', 'Tavistocke',
  'Umberfield', 'Valcourt', 'Wintergreen', 'Yarborrow', 'Zellweger', 'Abernethy', 'Blackthorne', 'Cattermole',
  'Duskwater', 'Elderkin', 'Foxhollow', 'Gallowglass', 'Hartigan', 'Inchbald', 'Jollimore', 'Kinvarra',
] as const;

export const FAKE_STREETS = [
  'Quenby', 'Marlpit', 'Tansy', 'Wexcombe', 'Brackenfold', 'Ostler', 'Pipistrelle', 'Sorrelby',
  'Gossamer', 'Cinderhill', 'Fallowmere', 'Larchmount', 'Wickerby', 'Nettlebed', 'Hobnail', 'Tumbleweed',
] as const;

/** Fake phones use 555-0100..0199, the range reserved for fiction. */
export const AREA_CODES = ['505', '575', '801', '385', '702', '775', '307', '303', '720', '719'] as const;

export const HOUSING_STATUSES = ['stable', 'temporary', 'unhoused', 'institutional', 'unknown'] as const;

export interface ProgramName {
  name: string;
  short: string;
}

export const PROGRAM_NAMES: readonly ProgramName[] = [
  { name: 'Harbor Peer Recovery', short: 'Harbor' },
  { name: 'Summit Peer Network', short: 'Summit' },
  { name: 'Lantern Recovery Collective', short: 'Lantern' },
  { name: 'Bridgeway Peer Support', short: 'Bridgeway' },
  { name: 'Cedar Ridge Peer Services', short: 'Cedar Ridge' },
  { name: 'Open Door Peer Alliance', short: 'Open Door' },
  { name: 'Meadowlark Recovery Community', short: 'Meadowlark' },
  { name: 'Northstar Peer Partners', short: 'Northstar' },
  { name: 'Riverbend Wellness Peers', short: 'Riverbend' },
  { name: 'Keystone Peer Recovery', short: 'Keystone' },
  { name: 'Prairie Light Peer Center', short: 'Prairie Light' },
  { name: 'Tidewater Peer Collaborative', short: 'Tidewater' },
];

export const SITE_AREAS = [
  'Eastside', 'Westside', 'Downtown', 'Riverside', 'Uptown', 'Southgate', 'Old Town', 'Mesa Vista',
  'Canyon Road', 'Lakeshore', 'Hillcrest', 'Fairview', 'Midtown', 'Railyard', 'Sunnyslope', 'Elm Park',
  'North Valley', 'South Valley', 'Foothills', 'Union Square', 'Crossroads', 'Market Street', 'Bluffview', 'Five Points',
] as const;

/** The planted lagging site and the planted small site (see people.ts, world.ts). */
export const LAGGING_AREA = 'Northgate';
export const SMALL_AREA = 'Pine Hollow';

// ZIP3s of an invented mountain-west catchment. RESTRICTED are on HIPAA Safe
// Harbor's list of ZIP3s with 20,000 people or fewer (they must become 000);
// ORDINARY are populous ones, so de-identification has both kinds to handle.
export const ORDINARY_ZIP3 = [
  '800', '801', '802', '803', '804', '805', '806', '807', '808', '809', '810',
  '840', '841', '843', '844', '870', '871', '873', '875', '877', '889', '890', '891',
] as const;
export const RESTRICTED_ZIP3 = ['036', '059', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '893'] as const;
