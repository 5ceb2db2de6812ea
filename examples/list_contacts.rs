//! Lists every contact, page after page, as one stream.

mod common;

use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> intercom_v2_11::Result<()> {
    let client = common::client();
    let mut contacts = client.list_contacts().per_page(50).items();
    let mut count = 0;
    while let Some(contact) = contacts.try_next().await? {
        count += 1;
        println!("{} {:?}", contact.id, contact.email);
    }
    println!("{count} contacts");
    Ok(())
}
