/** What is wrong with a submitted form, as a list the screen reader announces. */
export function FormErrors({ errors, id }: { errors: readonly string[] | undefined; id?: string }) {
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert" id={id}>
      <ul>
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </div>
  );
}
