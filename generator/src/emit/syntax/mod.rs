//! Expressions, statements and methods built as syntax, for the items that are mostly code (the
//! operations' request builders): prettyplease lays them out without syn parsing tokens first,
//! which for the builders was most of formatting them.
//!
//! Each builder makes the tree syn would parse from the same source, so the layout is the same.

use proc_macro2::{Literal, Span};
use syn::punctuated::Punctuated;
use syn::{Expr, Stmt};

use super::rust::{generic_type, ident, lifetime_argument, path_of};

/// The expression at `path` (`["Method", "POST"]`, `["self"]`).
pub fn path(path: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path_of(path),
    })
}

/// A string literal.
pub fn string(text: &str) -> Expr {
    literal(Literal::string(text))
}

/// A literal expression.
pub fn literal(literal: Literal) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

/// `function(arguments)`, `function` a path.
pub fn call(function: &[&str], arguments: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(function)),
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `function::<ty>(arguments)`.
pub fn call_generic(
    function: &str,
    ty: syn::Type,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    let mut function = path_of(&[function]);
    function.segments[0].arguments = syn::PathArguments::AngleBracketed(turbofish(ty));
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: function,
        })),
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `name!(tokens)` as an expression (the tokens are laid out as they are).
pub fn macro_call(name: &str, tokens: proc_macro2::TokenStream) -> Expr {
    Expr::Macro(syn::ExprMacro {
        attrs: Vec::new(),
        mac: macro_invocation(&[name], tokens),
    })
}

/// `path!(tokens)`.
pub fn macro_invocation(path: &[&str], tokens: proc_macro2::TokenStream) -> syn::Macro {
    syn::Macro {
        path: path_of(path),
        bang_token: Default::default(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }
}

/// `receiver.method(arguments)`.
pub fn method(receiver: Expr, method: &str, arguments: impl IntoIterator<Item = Expr>) -> Expr {
    method_call(receiver, method, None, arguments)
}

/// `receiver.method::<ty>(arguments)`.
pub fn method_generic(
    receiver: Expr,
    method: &str,
    ty: syn::Type,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    method_call(receiver, method, Some(turbofish(ty)), arguments)
}

/// `::<ty>`.
fn turbofish(ty: syn::Type) -> syn::AngleBracketedGenericArguments {
    syn::AngleBracketedGenericArguments {
        colon2_token: Some(Default::default()),
        lt_token: Default::default(),
        args: [syn::GenericArgument::Type(ty)].into_iter().collect(),
        gt_token: Default::default(),
    }
}

fn method_call(
    receiver: Expr,
    method: &str,
    turbofish: Option<syn::AngleBracketedGenericArguments>,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish,
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `{ statements }` as an expression.
pub fn block_expr(statements: Vec<Stmt>) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: block(statements),
    })
}

/// `if condition { statements }`, as a statement.
pub fn if_statement(condition: Expr, statements: Vec<Stmt>) -> Stmt {
    let expr = Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(condition),
        then_branch: block(statements),
        else_branch: None,
    });
    Stmt::Expr(expr, None)
}

/// `true` or `false`.
pub fn boolean(value: bool) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())),
    })
}

/// `()`.
pub fn unit() -> Expr {
    Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `expr?`.
pub fn question_mark(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `expr.await`.
pub fn awaited(expr: Expr) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(expr),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `base.member`.
pub fn field(base: Expr, member: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(member)),
    })
}

/// `self.member`.
pub fn self_field(member: &str) -> Expr {
    field(path(&["self"]), member)
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `[items]`.
pub fn array(items: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: items.into_iter().collect(),
    })
}

/// `Type { member: value, .. }`; a member without a value is written shorthand (`{ body }`).
pub fn structure(ty: &[&str], fields: impl IntoIterator<Item = (String, Option<Expr>)>) -> Expr {
    let fields = fields.into_iter().map(|(member, value)| {
        let shorthand = value.is_none();
        syn::FieldValue {
            attrs: Vec::new(),
            member: syn::Member::Named(ident(&member)),
            colon_token: (!shorthand).then(Default::default),
            expr: value.unwrap_or_else(|| path(&[&member])),
        }
    });
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path_of(ty),
        brace_token: Default::default(),
        fields: fields.collect(),
        dot2_token: None,
        rest: None,
    })
}

/// `|parameter| body`.
pub fn closure(parameter: &str, body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        constness: None,
        movability: None,
        asyncness: None,
        capture: None,
        or1_token: Default::default(),
        inputs: [binding(parameter)].into_iter().collect(),
        or2_token: Default::default(),
        output: syn::ReturnType::Default,
        body: Box::new(body),
    })
}

/// `match scrutinee { arms }`, each arm a pattern and its value.
pub fn matching(scrutinee: Expr, arms: impl IntoIterator<Item = (syn::Pat, Expr)>) -> Expr {
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms: arms
            .into_iter()
            .map(|(pat, body)| syn::Arm {
                attrs: Vec::new(),
                pat,
                guard: None,
                fat_arrow_token: Default::default(),
                body: Box::new(body),
                comma: Some(Default::default()),
            })
            .collect(),
    })
}

/// The pattern binding `name`.
pub fn binding(name: &str) -> syn::Pat {
    binding_of(name, false)
}

/// The pattern binding `name`, `mut` when `mutable`.
fn binding_of(name: &str, mutable: bool) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: ident(name),
        subpat: None,
    })
}

/// The pattern matching the string `text`.
pub fn string_pattern(text: &str) -> syn::Pat {
    syn::Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(Literal::string(text)),
    })
}

/// The pattern `variant(binding)`.
pub fn variant_pattern(variant: &str, binding_name: &str) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: ident(variant).into(),
        paren_token: Default::default(),
        elems: [binding(binding_name)].into_iter().collect(),
    })
}

/// `let name = value;`.
pub fn bind(name: &str, value: Expr) -> Stmt {
    local(binding(name), value)
}

/// `let mut name = value;`.
pub fn bind_mut(name: &str, value: Expr) -> Stmt {
    local(binding_of(name, true), value)
}

/// `let name: ty = value;`.
pub fn bind_typed(name: &str, ty: syn::Type, value: Expr) -> Stmt {
    let pat = syn::Pat::Type(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding(name)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    });
    local(pat, value)
}

fn local(pat: syn::Pat, value: Expr) -> Stmt {
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(value),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `name!(tokens);` (the tokens are laid out as they are).
pub fn macro_statement(name: &str, tokens: proc_macro2::TokenStream) -> Stmt {
    Stmt::Macro(syn::StmtMacro {
        attrs: Vec::new(),
        mac: macro_invocation(&[name], tokens),
        semi_token: Some(Default::default()),
    })
}

/// `target = value;`.
pub fn assign(target: Expr, value: Expr) -> Stmt {
    let assignment = Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(target),
        eq_token: Default::default(),
        right: Box::new(value),
    });
    Stmt::Expr(assignment, Some(Default::default()))
}

/// The statement that ends a block with its value.
pub fn tail(value: Expr) -> Stmt {
    Stmt::Expr(value, None)
}

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// `&self`.
    Borrowed,
    /// `self`.
    Owned,
    /// `mut self`.
    OwnedMut,
}

/// A method's head: everything but its body.
pub struct Signature {
    pub attrs: Vec<syn::Attribute>,
    pub public: bool,
    pub name: String,
    pub receiver: Receiver,
    pub inputs: Vec<(String, syn::Type)>,
    pub output: syn::Type,
}

/// The method with `signature` and the statements `body`.
pub fn method_item(signature: Signature, body: Vec<Stmt>) -> syn::ImplItem {
    let self_type = generic_type(&["Self"], []);
    let receiver = syn::Receiver {
        attrs: Vec::new(),
        reference: (signature.receiver == Receiver::Borrowed).then(|| (Default::default(), None)),
        mutability: (signature.receiver == Receiver::OwnedMut).then(Default::default),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(match signature.receiver {
            Receiver::Borrowed => reference_type(None, self_type),
            Receiver::Owned | Receiver::OwnedMut => self_type,
        }),
    };
    let inputs = [syn::FnArg::Receiver(receiver)]
        .into_iter()
        .chain(typed_inputs(signature.inputs))
        .collect();
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs: signature.attrs,
        vis: visibility(signature.public),
        defaultness: None,
        sig: function_signature(&signature.name, false, inputs, signature.output),
        block: block(body),
    })
}

/// A private function `name(inputs) -> output { body }` (`async` when `asynchronous`).
pub fn function_item(
    attrs: Vec<syn::Attribute>,
    (name, asynchronous): (&str, bool),
    inputs: Vec<(String, syn::Type)>,
    output: syn::Type,
    body: Vec<Stmt>,
) -> syn::Item {
    let inputs = typed_inputs(inputs).collect();
    syn::Item::Fn(syn::ItemFn {
        attrs,
        vis: syn::Visibility::Inherited,
        sig: function_signature(name, asynchronous, inputs, output),
        block: Box::new(block(body)),
    })
}

/// `name: ty` parameters.
fn typed_inputs(inputs: Vec<(String, syn::Type)>) -> impl Iterator<Item = syn::FnArg> {
    inputs.into_iter().map(|(name, ty)| {
        syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(binding(&name)),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    })
}

fn function_signature(
    name: &str,
    asynchronous: bool,
    inputs: Punctuated<syn::FnArg, syn::Token![,]>,
    output: syn::Type,
) -> syn::Signature {
    syn::Signature {
        constness: None,
        asyncness: asynchronous.then(Default::default),
        unsafety: None,
        abi: None,
        fn_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        paren_token: Default::default(),
        inputs,
        variadic: None,
        output: syn::ReturnType::Type(Default::default(), Box::new(output)),
    }
}

fn block(statements: Vec<Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: statements,
    }
}

/// The field `name: ty` of a struct with named fields, `pub` when `public`.
pub fn named_field(
    attrs: Vec<syn::Attribute>,
    public: bool,
    name: &str,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis: visibility(public),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `pub struct name<'lifetime> { fields }` (no generics without a lifetime).
pub fn struct_item(
    attrs: Vec<syn::Attribute>,
    name: &str,
    lifetime: Option<&str>,
    fields: impl IntoIterator<Item = syn::Field>,
) -> syn::ItemStruct {
    syn::ItemStruct {
        attrs,
        vis: visibility(true),
        struct_token: Default::default(),
        ident: ident(name),
        generics: lifetime_generics(lifetime),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    }
}

/// `<'lifetime>`, or no generics.
pub fn lifetime_generics(lifetime: Option<&str>) -> syn::Generics {
    let params: Punctuated<syn::GenericParam, syn::Token![,]> = lifetime
        .map(|name| {
            syn::GenericParam::Lifetime(syn::LifetimeParam::new(syn::Lifetime::new(
                name,
                Span::call_site(),
            )))
        })
        .into_iter()
        .collect();
    let has_params = !params.is_empty();
    syn::Generics {
        lt_token: has_params.then(Default::default),
        params,
        gt_token: has_params.then(Default::default),
        where_clause: None,
    }
}

/// `impl<'lifetime> ty { items }` (no generics without a lifetime).
pub fn impl_block(lifetime: Option<&str>, ty: syn::Type, items: Vec<syn::ImplItem>) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: lifetime_generics(lifetime),
        trait_: None,
        self_ty: Box::new(ty),
        brace_token: Default::default(),
        items,
    })
}

/// `Name<'lifetime>`, the type of a request builder.
pub fn with_lifetime(name: &str, lifetime: &str) -> syn::Type {
    generic_type(&[name], [lifetime_argument(lifetime)])
}

/// `&ty`, or `&'lifetime ty`.
pub fn reference_type(lifetime: Option<&str>, ty: syn::Type) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: lifetime.map(|name| syn::Lifetime::new(name, Span::call_site())),
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `impl Into<String>`, what a method takes for a string so that `&str` works.
pub fn impl_into_string() -> syn::Type {
    let into = generic_type(&["Into"], [syn::GenericArgument::Type(string_type())]);
    let syn::Type::Path(into) = into else {
        unreachable!("`generic_type` makes a path type")
    };
    syn::Type::ImplTrait(syn::TypeImplTrait {
        impl_token: Default::default(),
        bounds: [syn::TypeParamBound::Trait(syn::TraitBound {
            paren_token: None,
            modifier: syn::TraitBoundModifier::None,
            lifetimes: None,
            path: into.path,
        })]
        .into_iter()
        .collect(),
    })
}

/// `()`.
pub fn unit_type() -> syn::Type {
    syn::Type::Tuple(syn::TypeTuple {
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `String`.
pub fn string_type() -> syn::Type {
    generic_type(&["String"], [])
}

/// `pub`, or nothing.
pub fn visibility(public: bool) -> syn::Visibility {
    if public {
        syn::Visibility::Public(Default::default())
    } else {
        syn::Visibility::Inherited
    }
}
