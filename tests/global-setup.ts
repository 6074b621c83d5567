import { redirectTmpdir } from './run-tmpdir';

/** Unit and integration run: temp files go to one folder, removed when the run ends. */
export default function setup(): () => void {
  return redirectTmpdir('veracall-test-run-');
}
