//! Standalone sequences (`pgSequence`), declared with `SchemaBuilder::sequence`: step 1 creates
//! three (options, counting down, defaults) beside a table; step 2 changes the options of two
//! (`ALTER SEQUENCE`, one starts cycling) and adds one; step 3 drops one (on its own:
//! drizzle-kit asks whether a sequence dropped beside one created is a rename).

use schema_model::{PgSequence, Schema, SchemaBuilder};

mod tables {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "orders")]
    pub struct Order {
        #[column(primary_key)]
        pub id: String,
    }
}

const ORDER_NUMBERS: PgSequence = PgSequence::new("order_numbers")
    .start_with(1000)
    .increment(5)
    .cache(10);
const COUNTDOWN: PgSequence = PgSequence::new("countdown").increment(-1).min_value(-100);
const TICKET_NUMBERS: PgSequence = PgSequence::new("ticket_numbers");

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

#[test]
fn sequences_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    let order_numbers = ORDER_NUMBERS.increment(10).max_value(1_000_000);
    let ticket_numbers = TICKET_NUMBERS.max_value(9999).cycle();
    let invoice_numbers = PgSequence::new("invoice_numbers").start_with(1);
    super::prove(
        "sequences",
        &[
            build(
                SchemaBuilder::new()
                    .table::<tables::Order>()
                    .sequence(ORDER_NUMBERS)
                    .sequence(COUNTDOWN)
                    .sequence(TICKET_NUMBERS),
            ),
            build(
                SchemaBuilder::new()
                    .table::<tables::Order>()
                    .sequence(order_numbers)
                    .sequence(COUNTDOWN)
                    .sequence(ticket_numbers)
                    .sequence(invoice_numbers),
            ),
            build(
                SchemaBuilder::new()
                    .table::<tables::Order>()
                    .sequence(order_numbers)
                    .sequence(ticket_numbers)
                    .sequence(invoice_numbers),
            ),
        ],
    )
}
