// startup: hello world through an async function (plain Node, no asyncts).
async function main() {
  console.log("Hello, world!");
}

main();
