import { redirect } from '@remix-run/node';

// The start page is the dashboard's overview.
export const loader = () => redirect('/dashboard');
