// Entry point of the page bundle: the wallet module and the buy flow that uses it.
import "./wallet.js";
import "./buy.js";
