// The test wallet: an EIP-1193 provider announced by EIP-6963, injected before any page
// script (Playwright's add_init_script). It forwards every request to a real anvil, whose
// development accounts are unlocked there (eth_sendTransaction and eth_signTypedData_v4
// are signed by anvil itself); it answers the wallet-only methods (eth_requestAccounts,
// eth_accounts, eth_chainId, wallet_switchEthereumChain) itself, and can be told to refuse
// the next request a person would have to approve, as a user pressing "Reject" (code 4001).
// Controls, from the test: window.__testWallet.rejectNext = true; .unsupported = [methods];
// .chainId; .requests (every method asked, in order).
(() => {
  const RPC_URL = __RPC_URL__;
  const ACCOUNT = __ACCOUNT__;
  const HOME_CHAIN = __HOME_CHAIN__; // the chain anvil really is
  const PROMPTS = new Set(["eth_requestAccounts", "eth_sendTransaction", "eth_signTypedData_v4", "personal_sign", "wallet_switchEthereumChain", "wallet_addEthereumChain"]);
  const listeners = {};
  const wallet = { chainId: __START_CHAIN__, rejectNext: false, connected: false, requests: [], unsupported: [] };
  window.__testWallet = wallet;

  function emit(event, value) {
    for (const fn of listeners[event] || []) fn(value);
  }

  function rpcError(code, message, data) {
    const error = new Error(message);
    error.code = code;
    if (data !== undefined) error.data = data;
    return error;
  }

  let nextId = 1;
  async function forward(method, params) {
    const response = await fetch(RPC_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
    });
    const answer = await response.json();
    if (answer.error) throw rpcError(answer.error.code, answer.error.message, answer.error.data);
    return answer.result;
  }

  const provider = {
    isSafetyNetTestWallet: true,
    async request({ method, params = [] }) {
      wallet.requests.push(method);
      if (wallet.unsupported.includes(method)) throw rpcError(4200, `The test wallet does not support ${method}.`);
      if (wallet.rejectNext && PROMPTS.has(method)) {
        wallet.rejectNext = false;
        throw rpcError(4001, "User rejected the request.");
      }
      switch (method) {
        case "eth_requestAccounts":
          wallet.connected = true;
          return [ACCOUNT];
        case "eth_accounts":
          return wallet.connected ? [ACCOUNT] : [];
        case "eth_chainId":
          return `0x${wallet.chainId.toString(16)}`;
        case "net_version":
          return String(wallet.chainId);
        case "wallet_switchEthereumChain": {
          const wanted = Number.parseInt(params[0].chainId, 16);
          if (wanted !== HOME_CHAIN) throw rpcError(4902, `Unrecognized chain ID ${params[0].chainId}.`);
          if (wallet.chainId !== wanted) {
            wallet.chainId = wanted;
            emit("chainChanged", params[0].chainId);
          }
          return null;
        }
        default:
          if (wallet.chainId !== HOME_CHAIN && PROMPTS.has(method)) {
            throw rpcError(4100, `The test wallet is on chain ${wallet.chainId}, which it cannot reach.`);
          }
          return forward(method, params);
      }
    },
    on(event, fn) {
      (listeners[event] ||= []).push(fn);
      return provider;
    },
    removeListener(event, fn) {
      listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
      return provider;
    },
  };

  const info = Object.freeze({
    uuid: "5a0f3c1e-7b2d-4c59-9e61-5afe7e57a11e",
    name: "SafetyNet Test Wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='32' height='32'/%3E",
    rdns: "org.safetynet.testwallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
