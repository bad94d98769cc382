// De-identify and merge into the store. Person ids (participants, staff)
// become HMAC-SHA256 with the deployment secret, computed inside DuckDB so no
// raw id leaves the process; the same secret gives the same key every run, so
// monthly extracts link. Record ids become keyed 128-bit digests: they only
// need to be stable for merging, and hashing ten million of them with HMAC
// would cost seconds for nothing (docs/decisions/0003-keyed-ids.md).
import { createHash, createHmac } from 'node:crypto';
import { CONTRACT, ENTITY_NAMES, type EntityName } from '../contract/entities';
import { sqlFolder, sqlString, type Db } from '../db/duckdb';
import { acceptedRows, addProblems, type LoadedFile } from './load';

const sql = sqlFolder(new URL('./sql/', import.meta.url));

/** HMAC's inner and outer padded keys (RFC 2104), so SQL can compute HMAC-SHA256 with two sha256 calls. */
function hmacPads(secret: string): { ipad: string; opad: string } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  return { ipad, opad };
}

/**
 * The person key as Node computes it (tests hold the SQL macro to this): the
 * first 128 bits of HMAC-SHA256(secret, "domain:id"), as an unsigned integer.
 * 128 bits keep collisions out of reach and make joins on it cheap.
 */
export function personKey(secret: string, domain: 'participant' | 'staff', id: string): bigint {
  return BigInt(`0x${createHmac('sha256', secret).update(`${domain}:${id}`).digest('hex').slice(0, 32)}`);
}

export async function createStore(db: Db): Promise<void> {
  await db.run(sql('store_schema.sql'));
}

export async function createKeyMacros(db: Db, secret: string): Promise<void> {
  const { ipad, opad } = hmacPads(secret);
  const recordSalt = createHmac('sha256', secret).update('record-key').digest('hex');
  await db.run(`
    CREATE OR REPLACE TEMP MACRO hmac_hex(msg) AS
      sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(msg))));
    CREATE OR REPLACE TEMP MACRO first_128_bits(h) AS
      (('0x' || substr(h, 1, 16))::UBIGINT::UHUGEINT << 64) | ('0x' || substr(h, 17, 16))::UBIGINT::UHUGEINT;
    CREATE OR REPLACE TEMP MACRO person_hmac(domain, id) AS first_128_bits(hmac_hex(domain || ':' || id));
    CREATE OR REPLACE TEMP MACRO record_key(entity, id) AS md5_number('${recordSalt}' || entity || ':' || id);`);
}

const byEntity = (files: LoadedFile[], e: EntityName) => files.filter((f) => f.file.entity === e);
const unionAccepted = (files: LoadedFile[], cols: string) =>
  files.map((f) => `SELECT ${cols} FROM (${acceptedRows(f)})`).join(' UNION ALL ');

/**
 * Builds person_ids and staff_ids (raw id → key) for every id this run
 * mentions, then quarantines rows that point at a person the store and this
 * run do not know.
 */
export async function pseudonymiseIdsAndCheckReferences(db: Db, files: LoadedFile[]): Promise<void> {
  const refs = {
    participant: { column: 'participant_id', owner: 'participants' as const, table: 'person_ids', key: 'person_key' },
    staff: { column: 'staff_id', owner: 'staff' as const, table: 'staff_ids', key: 'staff_key' },
  };
  for (const [domain, r] of Object.entries(refs)) {
    const users = files.filter((f) => CONTRACT[f.file.entity].columns.some((c) => c.name === r.column));
    const ids = users.length ? unionAccepted(users, r.column) : `SELECT NULL::VARCHAR AS ${r.column} WHERE false`;
    const owners = byEntity(files, r.owner);
    const ownIds = owners.length ? unionAccepted(owners, r.column) : `SELECT NULL::VARCHAR WHERE false`;
    await db.run(`
      CREATE OR REPLACE TEMP TABLE ${r.table} AS
        SELECT raw_id, person_hmac(${sqlString(domain)}, raw_id) AS ${r.key}
        FROM (SELECT DISTINCT ${r.column} AS raw_id FROM (${ids}) WHERE ${r.column} IS NOT NULL);
      CREATE OR REPLACE TEMP TABLE known_${r.table} AS
        SELECT raw_id FROM (${ownIds}) t(raw_id)
        UNION SELECT raw_id FROM ${r.table} WHERE ${r.key} IN (SELECT ${r.key} FROM ${r.owner});`);
    for (const f of users.filter((u) => u.file.entity !== r.owner)) {
      await addProblems(
        db,
        f,
        r.column,
        `no such ${domain === 'participant' ? 'participant' : 'staff member'} in ${r.owner} (this extract or earlier ones)`,
        `${r.column} NOT IN (SELECT raw_id FROM known_${r.table})`,
      );
    }
  }
}

/**
 * Replaces store rows by key with this run's rows (later files win over
 * earlier ones), so loading the same extract twice changes nothing and next
 * month's extract updates what overlaps.
 */
export async function mergeIntoStore(db: Db, files: LoadedFile[], onEntity?: (e: EntityName) => void): Promise<void> {
  for (const entity of ENTITY_NAMES) {
    const mine = byEntity(files, entity);
    if (mine.length === 0) continue;
    onEntity?.(entity);
    const spec = CONTRACT[entity];
    const rawKey = spec.key.join(", '|', ");
    const source =
      mine.length === 1
        ? `SELECT * EXCLUDE (ord) FROM (${acceptedRows(mine[0]!)})`
        : `SELECT * EXCLUDE (ord, file_order) FROM (${mine
            .map((f, i) => `SELECT ${i} AS file_order, * FROM (${acceptedRows(f)})`)
            .join(' UNION ALL ')}) QUALIFY row_number() OVER (PARTITION BY concat(${rawKey}) ORDER BY file_order DESC) = 1`;
    const storeKey = entity === 'participants' ? 'person_key' : entity === 'staff' ? 'staff_key' : 'record_key';
    const rows = sql(`deidentified_${entity}.sql`, { source });
    const [existing] = await db.all<{ any: boolean }>(`SELECT EXISTS (FROM ${entity}) AS any`);
    if (!existing!.any) {
      // First load: nothing to replace, so skip the intermediate copy.
      await db.run(`INSERT INTO ${entity} ${rows}`);
      continue;
    }
    await db.run(`
      CREATE OR REPLACE TEMP TABLE merge_rows AS ${rows};
      DELETE FROM ${entity} WHERE ${storeKey} IN (SELECT ${storeKey} FROM merge_rows);
      INSERT INTO ${entity} SELECT * FROM merge_rows;
      DROP TABLE merge_rows;`);
  }
}
