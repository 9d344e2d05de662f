/**
 * Panel answers with a known shape for consensus tests and the benchmark: three experts who agree
 * (PostgreSQL, pooling, an index, a 30 s statement timeout) and one dissenter (MongoDB, denormalise).
 */

/** The three agreeing answers. */
export const AGREEING = [
  `Use PostgreSQL for this workload: the data is relational and you need transactions.
- Put PgBouncer in front of PostgreSQL for connection pooling.
- Add an index on orders.user_id, since most queries filter by user.
- Set the statement timeout to 30 seconds so runaway queries are cancelled.
PostgreSQL handles this load comfortably on a single primary with a read replica.`,
  `PostgreSQL is the right choice here, because the orders and users data is relational and needs transactions.
1. Use connection pooling with PgBouncer in front of PostgreSQL.
2. Add an index on orders.user_id because queries filter by user.
3. Set a statement timeout of 30 seconds to cancel runaway queries.
A read replica covers the reporting load.`,
  `I recommend PostgreSQL: relational orders and users data, with transactions.
* Add an index on the orders.user_id column; most queries filter by user.
* Use PgBouncer for connection pooling in front of PostgreSQL.
* Set statement_timeout to 30 seconds, so runaway queries get cancelled.
Start with one primary and add a read replica for reporting.`,
];

/** The dissenting answer. */
export const DISSENTING = `MongoDB suits this better: documents map naturally onto the application's aggregates.
- Denormalise order lines into each order document to avoid joins.
- Shard collections by tenant once the data set grows.
- Use change streams to feed the analytics pipeline.
Schema flexibility lets the team iterate without migrations.`;

/** Two answers that contradict each other on a negation and on a number. */
export const CONTRADICTING = [
  `Enable HTTP keep-alive on the load balancer. Set the idle timeout to 60 seconds on the load balancer.`,
  `Do not enable HTTP keep-alive on the load balancer. Set the idle timeout to 5 seconds on the load balancer.`,
];
