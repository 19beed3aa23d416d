// The release binary embeds the site that cargo-leptos writes to target/site; rebuild the server
// whenever that folder changes, including when files are added to it.
fn main() {
    println!("cargo:rerun-if-changed=../target/site");
}
