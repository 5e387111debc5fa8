//! `#[derive(Table)]` and `#[derive(TsEnum)]`. Use them through `schema-model`.
use proc_macro::TokenStream;

#[proc_macro_derive(Table, attributes(table, column))]
pub fn derive_table(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_derive(TsEnum, attributes(ts_enum))]
pub fn derive_ts_enum(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
