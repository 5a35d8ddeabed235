// Entry point of the page bundle: the wallet module, the buy flow and the account actions
// (My account, file a claim, assess) that use it.
import "./wallet.js";
import "./buy.js";
import "./actions.js";
