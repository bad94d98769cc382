// The response's CSP nonce, from the server entry to <Scripts>. Browsers hide a
// nonce from the page once applied, so on the client it is read as ''.
import { createContext, useContext } from 'react';

export const NonceContext = createContext('');
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
