//! The reporting projection as an inbox handler: a batch of events (each stream's
//! next ones, in order: the inbox sees to that) turned into figures with a handful of
//! statements, however many events the batch holds.
//!
//! The pure part is the context modules' (`contexts`): state and event in, new state
//! and facts out. Here the batch's stream states are read in one query, every event is
//! projected in memory, the deltas are summed per cell, and the reach marks, the cells
//! and the states are written with one multi-row statement each (in key order, so two
//! writers never wait on each other's rows in opposite orders). Sums commute, so the
//! figures do not depend on where batches begin and end: a rebuild from the log gives
//! the same bytes as the live projection.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_trait::async_trait;
use berdaya_messaging::{EventEnvelope, EventHandler, HandlerError};
use sqlx::{Any, AnyConnection};

use crate::contexts;
use crate::facts::Output;
use crate::store::Tables;

/// Rows per multi-row statement (five parameters each, well inside every limit).
const CHUNK: usize = 500;

/// (region, month, indicator, dimension).
type Cell = (String, String, String, String);

/// Writes the figures of a batch of events.
#[derive(Debug, Clone)]
pub struct ReportingHandler {
    tables: Tables,
}

impl ReportingHandler {
    /// The handler writing into `tables`.
    pub fn new(tables: Tables) -> Self {
        Self { tables }
    }
}

/// What a batch adds up to: deltas per cell, reach marks, and each stream's new state.
#[derive(Debug, Default)]
struct Sums {
    facts: BTreeMap<Cell, i64>,
    reach: BTreeSet<(Cell, String)>,
    states: BTreeMap<String, (i64, Option<String>)>,
}

impl Sums {
    fn add(&mut self, cell: Cell, delta: i64) -> Result<(), HandlerError> {
        let value = self.facts.entry(cell).or_insert(0);
        *value = value
            .checked_add(delta)
            .ok_or_else(|| HandlerError::Reject("an indicator figure would overflow".to_owned()))?;
        Ok(())
    }

    fn collect(&mut self, output: Output) -> Result<(), HandlerError> {
        for fact in output.facts {
            let cell = (
                fact.region,
                fact.month,
                fact.indicator.to_owned(),
                fact.dimension,
            );
            self.add(cell, fact.delta)?;
        }
        for mark in output.reach {
            let cell = (
                mark.region,
                mark.month,
                mark.indicator.to_owned(),
                mark.dimension,
            );
            self.reach.insert((cell, mark.entity));
        }
        Ok(())
    }
}

#[async_trait]
impl EventHandler<Any> for ReportingHandler {
    async fn handle(
        &self,
        conn: &mut AnyConnection,
        event: &EventEnvelope,
    ) -> Result<(), HandlerError> {
        self.handle_batch(conn, &[event]).await
    }

    async fn handle_batch(
        &self,
        conn: &mut AnyConnection,
        events: &[&EventEnvelope],
    ) -> Result<(), HandlerError> {
        let projected: Vec<(&EventEnvelope, &'static dyn contexts::ContextProjection)> = events
            .iter()
            .filter_map(|event| contexts::for_event(event).map(|module| (*event, module)))
            .collect();
        if projected.is_empty() {
            return Ok(());
        }
        let mut streams: Vec<&str> = projected
            .iter()
            .map(|(e, _)| e.stream_id.as_str())
            .collect();
        streams.sort_unstable();
        streams.dedup();
        let mut states = self.states(conn, &streams).await?;
        let mut sums = Sums::default();
        for (event, module) in projected {
            let state = states.remove(&event.stream_id).flatten();
            let (next, output) = module
                .project(state.as_deref(), event)
                .map_err(|e| HandlerError::Reject(e.to_string()))?;
            states.insert(event.stream_id.clone(), next.clone());
            sums.states
                .insert(event.stream_id.clone(), (event.version, next));
            sums.collect(output)?;
        }
        for cell in self.mark_reach(conn, &sums.reach).await? {
            sums.add(cell, 1)?;
        }
        self.add_facts(conn, &sums.facts).await?;
        self.save_states(conn, &sums.states).await
    }
}

impl ReportingHandler {
    /// The stored state of each of `streams` (absent: never projected).
    async fn states(
        &self,
        conn: &mut AnyConnection,
        streams: &[&str],
    ) -> Result<HashMap<String, Option<String>>, HandlerError> {
        let mut states = HashMap::with_capacity(streams.len());
        for chunk in streams.chunks(CHUNK) {
            let sql = format!(
                "SELECT stream_id, state FROM {} WHERE stream_id IN ({})",
                self.tables.name("entities"),
                numbered(chunk.len(), 1, 1)
            );
            let mut query = sqlx::query_as::<_, (String, Option<String>)>(&sql).persistent(false);
            for stream in chunk {
                query = query.bind(*stream);
            }
            states.extend(query.fetch_all(&mut *conn).await?);
        }
        Ok(states)
    }

    /// Records the reach marks; returns the cells of those not recorded before (each
    /// counts the entity once).
    async fn mark_reach(
        &self,
        conn: &mut AnyConnection,
        marks: &BTreeSet<(Cell, String)>,
    ) -> Result<Vec<Cell>, HandlerError> {
        let marks: Vec<&(Cell, String)> = marks.iter().collect();
        let mut fresh = Vec::new();
        for chunk in marks.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO {} (region, month, indicator, dimension, entity) VALUES {} \
                 ON CONFLICT DO NOTHING RETURNING region, month, indicator, dimension",
                self.tables.name("reach"),
                numbered(chunk.len(), 5, 1)
            );
            let mut query = sqlx::query_as::<_, Cell>(&sql).persistent(false);
            for ((region, month, indicator, dimension), entity) in chunk.iter().copied() {
                query = query
                    .bind(region)
                    .bind(month)
                    .bind(indicator)
                    .bind(dimension)
                    .bind(entity);
            }
            fresh.extend(query.fetch_all(&mut *conn).await?);
        }
        Ok(fresh)
    }

    /// Adds each cell's delta to its figure, without overflow: a cell is updated only
    /// while its stored value leaves room for the delta (the bound is taken in SQL
    /// without arithmetic that could itself overflow), so no cell can wrap (PostgreSQL
    /// would fail the statement) or turn into a REAL (SQLite's answer to an integer
    /// overflow, which broke every read of the region).
    ///
    /// # Errors
    /// [`HandlerError::Reject`] naming a cell without room: the batch is rolled back.
    async fn add_facts(
        &self,
        conn: &mut AnyConnection,
        facts: &BTreeMap<Cell, i64>,
    ) -> Result<(), HandlerError> {
        let facts: Vec<(&Cell, &i64)> = facts.iter().collect();
        let table = self.tables.name("facts");
        for chunk in facts.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO {table} (region, month, indicator, dimension, value) VALUES {} \
                 ON CONFLICT (region, month, indicator, dimension) \
                 DO UPDATE SET value = {table}.value + excluded.value \
                 WHERE CASE WHEN excluded.value >= 0 \
                     THEN {table}.value <= 9223372036854775807 - excluded.value \
                     ELSE {table}.value >= (-9223372036854775807 - 1) - excluded.value END \
                 RETURNING region, month, indicator, dimension",
                numbered(chunk.len(), 5, 1)
            );
            let mut query = sqlx::query_as::<_, Cell>(&sql).persistent(false);
            for ((region, month, indicator, dimension), delta) in chunk.iter().copied() {
                query = query
                    .bind(region)
                    .bind(month)
                    .bind(indicator)
                    .bind(dimension)
                    .bind(*delta);
            }
            let written: BTreeSet<Cell> = query.fetch_all(&mut *conn).await?.into_iter().collect();
            if let Some(((region, month, indicator, _), _)) =
                chunk.iter().find(|(cell, _)| !written.contains(*cell))
            {
                return Err(HandlerError::Reject(format!(
                    "{indicator} of {region} in {month} would overflow"
                )));
            }
        }
        Ok(())
    }

    /// Stores each stream's new state and the version it reflects.
    async fn save_states(
        &self,
        conn: &mut AnyConnection,
        states: &BTreeMap<String, (i64, Option<String>)>,
    ) -> Result<(), HandlerError> {
        let states: Vec<(&String, &(i64, Option<String>))> = states.iter().collect();
        for chunk in states.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO {} (stream_id, version, state) VALUES {} \
                 ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, \
                 state = excluded.state",
                self.tables.name("entities"),
                numbered(chunk.len(), 3, 1)
            );
            let mut query = sqlx::query(&sql).persistent(false);
            for (stream_id, (version, state)) in chunk.iter().copied() {
                query = query.bind(stream_id).bind(*version).bind(state.clone());
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// `rows` tuples of `columns` numbered parameters from `$first`: `($1, $2), ($3, $4)`;
/// with one column, a bare list `$1, $2, $3`.
fn numbered(rows: usize, columns: usize, first: usize) -> String {
    let mut next = first;
    let mut groups = Vec::with_capacity(rows);
    for _ in 0..rows {
        let params: Vec<String> = (0..columns)
            .map(|_| {
                next += 1;
                format!("${}", next - 1)
            })
            .collect();
        groups.push(if columns == 1 {
            params.join(", ")
        } else {
            format!("({})", params.join(", "))
        });
    }
    groups.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_row_by_row() {
        assert_eq!(numbered(3, 1, 1), "$1, $2, $3");
        assert_eq!(numbered(2, 3, 1), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn deltas_of_a_batch_add_up_per_cell_and_an_overflow_is_refused() {
        let cell = || {
            (
                "35".to_owned(),
                "2026-01".to_owned(),
                "x".to_owned(),
                String::new(),
            )
        };
        let mut sums = Sums::default();
        sums.add(cell(), 2).unwrap();
        sums.add(cell(), -5).unwrap();
        assert_eq!(sums.facts[&cell()], -3);
        sums.add(cell(), i64::MAX).unwrap();
        assert!(sums.add(cell(), 10).is_err());
    }
}
